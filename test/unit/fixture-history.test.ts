import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { OLDER_FORMS } from "../../scripts/fixture/recipe.js";
import { type FixtureHistory, communityRepo, debRoot, ensureFixture, loadHistory } from "../helpers/fixture-paths.js";

const packagedModules = path.join(debRoot, "usr/lib/prosody/modules");
const packagedDocs = path.join(debRoot, "usr/share/doc/prosody-modules");
let history: FixtureHistory;

function hgText(args: readonly string[]): string {
  return execFileSync("hg", ["-R", communityRepo, ...args], { encoding: "utf8", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
}

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)]))
    .sort();
}

beforeAll(async () => {
  await ensureFixture();
  history = await loadHistory();
}, 300_000);

describe("the fixture's community repository", () => {
  it("has the changesets history.json lists, at least three", () => {
    const log = hgText(["log", "-r", "0:tip", "--template", "{rev} {node}\\n"]).trim().split("\n");
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log).toEqual(history.revisions.map((revision) => `${revision.rev} ${revision.node}`));
    expect(history.revisions.every((revision) => revision.short === revision.node.slice(0, 12))).toBe(true);
  });

  it("records in each changeset exactly the module directories history.json names", () => {
    for (const revision of history.revisions) {
      const status = hgText(["status", "--change", String(revision.rev)]).trim().split("\n");
      const byDir = new Map<string, Set<string>>();
      for (const line of status) {
        const [code = "", file = ""] = line.split(" ");
        const dir = file.split("/")[0] ?? "";
        if (dir.startsWith("mod_")) byDir.set(dir, (byDir.get(dir) ?? new Set()).add(code));
      }
      const only = (code: string): string[] => [...byDir].filter(([, codes]) => codes.size === 1 && codes.has(code)).map(([dir]) => dir).sort();
      expect(only("A"), `added in r${revision.rev}`).toEqual(revision.added);
      expect(only("R"), `removed in r${revision.rev}`).toEqual(revision.removed);
      expect(only("M"), `modified in r${revision.rev}`).toEqual(revision.modified);
      expect(byDir.size).toBe(revision.added.length + revision.removed.length + revision.modified.length);
    }
  });

  it("adds modules after the first changeset, modifies some twice and removes one", () => {
    const [, ...later] = history.revisions;
    expect(later.flatMap((revision) => revision.added)).toEqual(expect.arrayContaining(["mod_sasl2_fast", "mod_sasl2_bind2"]));
    expect(history.revisions.filter((revision) => revision.modified.includes("mod_pastebin"))).toHaveLength(2);
    const removed = later.flatMap((revision) => revision.removed);
    expect(removed).toContain("mod_require_otr");
    expect(history.modules).not.toContain("mod_require_otr");
    expect(existsSync(path.join(communityRepo, "mod_require_otr"))).toBe(false);
  });

  it("is, at tip, exactly the Debian package's modules and READMEs", () => {
    const removed = new Set(history.revisions.flatMap((revision) => revision.removed));
    const packaged = readdirSync(packagedModules).filter((name) => name.startsWith("mod_") && !removed.has(name));
    const differing: string[] = [];
    for (const module of packaged) {
      const files = filesUnder(path.join(packagedModules, module));
      for (const file of files) {
        const ours = readFileSync(path.join(communityRepo, module, file));
        if (!ours.equals(readFileSync(path.join(packagedModules, module, file)))) differing.push(`${module}/${file}`);
      }
      const readmes = readdirSync(packagedDocs).filter((name) => name.startsWith(`README_${module}.`));
      const expected = [...files, ...readmes.map((name) => (name.includes(".markdown") ? "README.markdown" : "README.md"))].sort();
      expect(filesUnder(path.join(communityRepo, module)), module).toEqual(expected);
    }
    expect(differing).toEqual([]);
    expect(history.modules).toEqual([...packaged, "mod_lib_ldap"].sort());
    const gz = readFileSync(path.join(packagedDocs, "README_mod_pastebin.markdown.gz"));
    expect(readFileSync(path.join(communityRepo, "mod_pastebin", "README.markdown")).equals(gunzipSync(gz))).toBe(true);
  }, 30_000);

  it("keeps mod_lib_ldap as a library-only directory with both of its READMEs", () => {
    expect(readdirSync(path.join(communityRepo, "mod_lib_ldap")).sort()).toEqual(["README.markdown", "README.md", "ldap.lib.lua"]);
    expect(readFileSync(path.join(communityRepo, "mod_lib_ldap", "ldap.lib.lua"))).toEqual(readFileSync(path.join(packagedModules, "ldap.lib.lua")));
  });

  it("has a community dependency: mod_sasl2_fast needs mod_sasl2, which is older", () => {
    const readme = readFileSync(path.join(communityRepo, "mod_sasl2_fast", "README.md"), "utf8");
    expect(readme).toMatch(/rockspec:\s*\n\s+dependencies:\s*\n\s+- mod_sasl2\n/);
    expect(readFileSync(path.join(communityRepo, "mod_sasl2_fast", "mod_sasl2_fast.lua"), "utf8")).toMatch(/module:depends\("sasl2"\)/);
    expect(history.revisions[0]?.added).toContain("mod_sasl2");
    expect(history.revisions[0]?.added).not.toContain("mod_sasl2_fast");
  });

  it("gives every touched revision of an edited module different, valid Lua", () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "fixture-luac-"));
    try {
      for (const module of new Set(OLDER_FORMS.map((form) => form.module))) {
        const file = `${module}/${module}.lua`;
        const touching = history.revisions.filter((revision) => revision.added.includes(module) || revision.modified.includes(module));
        expect(touching.length, module).toBeGreaterThanOrEqual(2);
        const texts = touching.map((revision) => hgText(["cat", "-r", revision.node, `path:${file}`]));
        expect(new Set(texts).size, module).toBe(texts.length);
        for (const [index, text] of texts.entries()) {
          const copy = path.join(scratch, `${module}-${index}.lua`);
          writeFileSync(copy, text);
          execFileSync("luac5.4", ["-p", copy]);
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 30_000);
});
