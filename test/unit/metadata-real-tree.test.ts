// Every README and every Lua file of Debian's prosody-modules package through the metadata parsers: the real tree's
// hazards, not the ones we thought of. The package comes from the fixture build when it is there; otherwise it is
// downloaded and unpacked here (never installed: it would drop community modules into Prosody's own directory).

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compatibilityFor } from "../../src/core/metadata/compatibility.js";
import { classifyDependencies } from "../../src/core/metadata/dependencies.js";
import { callsFromSyntaxTree } from "../../src/core/metadata/lua-calls-ast.js";
import { callsFromTokens } from "../../src/core/metadata/lua-calls-scan.js";
import { parseSourceFacts } from "../../src/core/metadata/lua-source.js";
import { parseReadme } from "../../src/core/metadata/readme.js";
import type { ModuleName, ReadmeMetadata, SourceFacts } from "../../src/core/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DOCS = "usr/share/doc/prosody-modules";
const CODE = "usr/lib/prosody/modules";
const README_NAME = /^README_(mod_[a-z0-9_]+)\.(markdown|md)(\.gz)?$/;
// Modules Prosody 0.12 ships, enough to classify this package's module:depends targets.
const BUILTIN_0_12 = new Set(
  ["adhoc", "csi", "disco", "http", "http_files", "invites", "muc", "pep", "pubsub", "register_limits", "s2s", "smacks"].map((name) => `mod_${name}`),
);

interface Readme {
  file: string;
  module: string;
  text: string;
  meta: ReadmeMetadata;
}
interface LuaFile {
  file: string;
  code: string;
}

let downloadDir: string | undefined;
const readmes: Readme[] = [];
const luaFiles: LuaFile[] = [];

beforeAll(() => {
  const root = packageRoot();
  const docs = path.join(root, DOCS);
  for (const file of readdirSync(docs).sort()) {
    const module = README_NAME.exec(file)?.[1];
    if (!module) continue;
    const raw = readFileSync(path.join(docs, file));
    const text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    readmes.push({ file, module, text, meta: parseReadme(text, file) });
  }
  for (const file of walk(path.join(root, CODE))) luaFiles.push({ file: path.relative(path.join(root, CODE), file), code: readFileSync(file, "utf8") });
}, 300_000);

afterAll(() => {
  if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
});

function packageRoot(): string {
  const built = path.join(repoRoot, "fixtures/build/deb/root");
  if (existsSync(path.join(built, DOCS)) && existsSync(path.join(built, CODE))) return built;
  downloadDir = mkdtempSync(path.join(tmpdir(), "pm-metadata-deb-"));
  execFileSync("apt-get", ["download", "prosody-modules"], { cwd: downloadDir, stdio: "pipe", timeout: 240_000 });
  const deb = readdirSync(downloadDir).find((name) => name.endsWith(".deb"));
  if (!deb) throw new Error("apt-get download prosody-modules produced no .deb");
  execFileSync("dpkg-deb", ["-x", deb, "root"], { cwd: downloadDir, stdio: "pipe" });
  return path.join(downloadDir, "root");
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return walk(full);
      return entry.endsWith(".lua") ? [full] : [];
    });
}

function readme(file: string): ReadmeMetadata {
  const found = readmes.find((item) => item.file === file);
  if (!found) throw new Error(`${file} is not in the package`);
  return found.meta;
}

function facts(file: string): SourceFacts {
  const found = luaFiles.find((item) => item.file === file);
  if (!found) throw new Error(`${file} is not in the package`);
  return parseSourceFacts(found.code);
}

/** The README's front matter text, found independently of the parser under test. */
function frontMatterOf(text: string): string {
  return /^---\r?\n([\s\S]*?)\r?\n(---|\.\.\.)\r?\n/.exec(text)?.[1] ?? "";
}

describe("every README of the Debian prosody-modules package", () => {
  // parseReadme never throws (its catch-all becomes a "could not be read" problem), so no problems is the whole test.
  it("parses without problems", () => {
    expect(readmes.length).toBeGreaterThanOrEqual(80);
    const withProblems = readmes.filter((item) => item.meta.problems.length > 0).map((item) => `${item.file}: ${item.meta.problems.join("; ")}`);
    expect(withProblems).toEqual([]);
  });

  it("finds a stage for every README with a Stage label", () => {
    // Labels come as a list, or as one string (`labels: 'Stage-Alpha'` in mod_http_upload).
    const staged = readmes.filter((item) => /^(\s*-|labels:)\s*['"]?stage-/im.test(frontMatterOf(item.text)));
    expect(staged.length).toBeGreaterThanOrEqual(50);
    expect(staged.filter((item) => item.meta.stage === undefined).map((item) => item.file)).toEqual([]);
    expect(readmes.filter((item) => item.meta.stage !== undefined).length).toBe(staged.length);
    expect(readme("README_mod_http_upload.markdown")).toMatchObject({ stage: "Alpha", labels: ["Stage-Alpha"], summary: "HTTP File Upload" });
  });

  it("finds the Compatibility section of every README that has one", () => {
    const withSection = readmes.filter((item) => /^(#{1,6}\s*Compatibility\s*$|Compatibility\r?\n[=-]+\s*$)/m.test(item.text));
    expect(withSection.length).toBeGreaterThanOrEqual(45);
    expect(withSection.filter((item) => item.meta.compatibility === undefined).map((item) => item.file)).toEqual([]);
  });

  it("summaries and labels carry no Markdown escapes and summaries are one line", () => {
    const escaped = readmes.flatMap((item) => [item.meta.summary ?? "", ...item.meta.labels]).filter((text) => /\\[_*\\-]/.test(text));
    expect(escaped).toEqual([]);
    expect(readmes.filter((item) => item.meta.summary?.includes("\n")).map((item) => item.file)).toEqual([]);
    expect(readme("README_mod_auth_ha1.markdown").summary).toBe("Authentication module for 'HA1' hashed credentials in a text file, as used by reTurnServer");
  });

  it("gives every README an introduction", () => {
    expect(readmes.filter((item) => item.meta.introduction.trim() === "").map((item) => item.file)).toEqual([]);
    expect(readmes.filter((item) => item.meta.introduction.split("\n").length > 40).map((item) => item.file)).toEqual([]);
    expect(readme("README_mod_host_guard.markdown").introduction).toMatch(/^Details\n=+\n\nAs often/);
    expect(readme("README_mod_firewall.markdown.gz").introduction).toMatch(/^\*\*Note:\*\*[\s\S]*A firewall is an invaluable tool/);
  });

  it("knows mod_sasl2_fast needs mod_sasl2", () => {
    expect(readme("README_mod_sasl2_fast.md")).toMatchObject({ stage: "Beta", summary: "Fast Authentication Streamlining Tokens", rockspec: { dependencies: ["mod_sasl2"] } });
  });

  it("reads mod_lib_ldap's empty labels", () => {
    expect(readme("README_mod_lib_ldap.markdown")).toMatchObject({ labels: [], stage: undefined, summary: "Library module for LDAP" });
  });

  it("reads rockspec build hints", () => {
    expect(Object.keys(readme("README_mod_firewall.markdown.gz").rockspec.buildModules)).toHaveLength(5);
    expect(readme("README_mod_auth_dovecot.markdown").rockspec.buildModules).toEqual({
      mod_auth_dovecot: "auth_dovecot/mod_auth_dovecot.lua",
      "mod_auth_dovecot.sasl_dovecot": "auth_dovecot/sasl_dovecot.lib.lua",
    });
    expect(readme("README_mod_http_muc_log.markdown").rockspec.copyDirectories).toEqual(["res", "static"]);
    expect(readme("README_mod_invites_register_web.markdown").rockspec.dependencies).toEqual(["mod_invites_page", "mod_password_policy", "mod_register_apps"]);
  });

  it("takes mod_csi_battery_saver's summary from its description", () => {
    expect(readme("README_mod_csi_battery_saver.markdown").summary).toBe("CSI module to save battery on mobile devices");
  });

  it("reads mod_blocking's compatibility table: 0.6 does not work, 0.9 does", () => {
    const compat = readme("README_mod_blocking.markdown").compatibility;
    const rows = compat?.rows ?? [];
    expect(rows.find((row) => row.version === "0.6")?.works).toBe(false);
    expect(rows.find((row) => row.version === "0.9")?.works).toBe(true);
    expect(compatibilityFor(compat, "0.9.14")?.works).toBe(true);
    expect(compatibilityFor(compat, "0.12.3")).toBeUndefined();
  });

  it("reads version cells with words and ranges (mod_auth_ccert)", () => {
    const compat = readme("README_mod_auth_ccert.markdown").compatibility;
    expect(compat?.rows.map((row) => row.version)).toEqual(["trunk", "0.10 and later", "0.9 and earlier"]);
    expect(compatibilityFor(compat, "0.12.3")?.works).toBe(true);
    expect(compatibilityFor(compat, "0.9.14")?.works).toBe(false);
  });

  it("reads the hard cases of the real tables", () => {
    expect(readme("README_mod_cloud_notify.markdown.gz").compatibility?.rows.find((row) => row.version === "0.9")).toMatchObject({ works: false });
    expect(readme("README_mod_client_certs.markdown").compatibility?.rows.find((row) => row.version === "0.8")?.works).toBeUndefined();
    expect(readme("README_mod_register_redirect.markdown").compatibility?.rows.find((row) => row.version === "0.7")?.works).toBeUndefined();
    expect(readme("README_mod_delegation.markdown.gz").compatibility?.rows.map((row) => [row.version, row.works])).toEqual([
      ["0.11", true],
      ["0.10", true],
      ["0.9", undefined],
    ]);
    expect(readme("README_mod_lastlog2.markdown").compatibility).toEqual({ rows: [{ version: "Any", status: "TBD", works: undefined }], prose: undefined });
    expect(readme("README_mod_unified_push.md.gz").compatibility?.rows.map((row) => row.version)).toEqual(["trunk", "0.12"]);
    expect(readme("README_mod_broadcast.markdown").compatibility?.rows.find((row) => row.version === "trunk")?.works).toBe(false);
  });

  it("keeps prose where there is no table, and only the section's own prose", () => {
    expect(readme("README_mod_http_upload.markdown").compatibility).toMatchObject({ rows: [], prose: expect.stringMatching(/^Works with Prosody 0\.11\.x and later\./) });
    expect(readme("README_mod_muc_moderation.markdown").compatibility?.prose).not.toMatch(/Clients|Gajim/);
    expect(readme("README_mod_cloud_notify.markdown.gz").compatibility?.prose).toBeUndefined();
    expect(readme("README_mod_turncredentials.markdown").compatibility?.prose).toMatch(/^Incompatible with/);
  });
});

describe("every Lua file of the package", () => {
  it("luaparse reads every file, and the token scan finds exactly the same calls in each", () => {
    expect(luaFiles.length).toBeGreaterThanOrEqual(90);
    expect(luaFiles.filter((item) => /(^|\/)mod_[a-z0-9_]+\.lua$/.test(item.file)).length).toBeGreaterThanOrEqual(80);
    const rejected = luaFiles.filter((item) => callsFromSyntaxTree(item.code) === undefined).map((item) => item.file);
    expect(rejected).toEqual([]);
    const disagreeing = luaFiles.filter((item) => JSON.stringify(callsFromSyntaxTree(item.code)) !== JSON.stringify(callsFromTokens(item.code)));
    expect(disagreeing.map((item) => item.file)).toEqual([]);
  });

  it("is fast enough to run over every module on each sync", () => {
    const started = performance.now();
    for (const item of luaFiles) parseSourceFacts(item.code);
    // About 0.5 MB of Lua here; upstream has ten times as much. Generous, to stay green on a loaded machine.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("finds the dependencies a reader sees", () => {
    expect(facts("mod_sasl2_fast/mod_sasl2_fast.lua").depends).toContainEqual({ name: "sasl2", soft: false });
    expect(facts("mod_csi_battery_saver/mod_csi_battery_saver.lua").depends).toEqual([
      { name: "csi", soft: false },
      { name: "track_muc_joins", soft: false },
    ]);
    expect(facts("mod_default_bookmarks/mod_default_bookmarks.lua").unknowableDepends).toEqual(["mod_bookmarks_available"]);
    expect(facts("ldap.lib.lua").requires).toContain("lualdap");
    expect(facts("mod_auth_sql/mod_auth_sql.lua").requires).toContain("DBI");
    expect(facts("mod_auth_dovecot/auth_dovecot/sasl_dovecot.lib.lua").requires).toEqual(expect.arrayContaining(["socket", "socket.unix"]));
    const total = luaFiles.reduce((sum, item) => sum + parseSourceFacts(item.code).depends.length, 0);
    expect(total).toBeGreaterThan(50);
  });

  it("classifies each module's dependencies; none depends on itself", () => {
    const names = new Set([...readmes.map((item) => item.module), ...luaFiles.map((item) => item.file.split("/")[0] ?? "")]);
    const isCommunity = (name: ModuleName): boolean => names.has(name);
    const isBuiltin = (name: ModuleName): boolean => BUILTIN_0_12.has(name);
    const classify = (module: string) => {
      const merged: SourceFacts = { depends: [], unknowableDepends: [], requires: [], headers: {} };
      for (const item of luaFiles.filter((lua) => lua.file.startsWith(`${module}/`))) {
        const one = parseSourceFacts(item.code);
        merged.depends.push(...one.depends);
        merged.unknowableDepends.push(...one.unknowableDepends);
        merged.requires.push(...one.requires);
      }
      const rockspec = readmes.find((item) => item.module === module)?.meta.rockspec.dependencies ?? [];
      return classifyDependencies(merged, isBuiltin, isCommunity, rockspec, module as ModuleName);
    };
    for (const module of names) {
      const deps = classify(module);
      expect([...deps.builtin, ...deps.community, ...deps.unknown, ...deps.soft]).not.toContain(module);
    }
    expect(classify("mod_sasl2_fast")).toMatchObject({ community: ["mod_sasl2"], unknown: [] });
    expect(classify("mod_invites_register_web")).toMatchObject({
      builtin: ["mod_http", "mod_invites"],
      community: ["mod_invites_page", "mod_register_apps"],
      unknown: ["mod_conversejs", "mod_password_policy"],
    });
    expect(classify("mod_http_upload").luaRequires).toEqual(["lfs", "socket.url"]);
  });
});
