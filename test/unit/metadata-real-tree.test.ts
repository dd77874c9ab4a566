import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSourceFacts } from "../../src/core/metadata/lua-source.js";
import { parseReadme } from "../../src/core/metadata/readme.js";
import type { ReadmeMetadata } from "../../src/core/types.js";
import { debRoot, ensureFixture } from "../helpers/fixture-paths.js";

const docs = path.join(debRoot, "usr/share/doc/prosody-modules");
const modules = path.join(debRoot, "usr/lib/prosody/modules");
const parsed = new Map<string, ReadmeMetadata>();

beforeAll(async () => {
  if (!existsSync(docs)) await ensureFixture();
  for (const file of readdirSync(docs).filter((name) => name.startsWith("README_mod_"))) {
    const raw = readFileSync(path.join(docs, file));
    parsed.set(file, parseReadme((file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8"), file));
  }
}, 300_000);

const get = (file: string): ReadmeMetadata => {
  const meta = parsed.get(file);
  if (!meta) throw new Error(`${file} not in the package`);
  return meta;
};

describe("every README of the Debian prosody-modules package", () => {
  it("parses without problems", () => {
    expect(parsed.size).toBeGreaterThan(70);
    const withProblems = [...parsed].filter(([, meta]) => meta.problems.length > 0).map(([file, meta]) => `${file}: ${meta.problems.join("; ")}`);
    expect(withProblems).toEqual([]);
  });

  it("knows the facts a reader sees", () => {
    expect(get("README_mod_sasl2_fast.md")).toMatchObject({ stage: "Beta", rockspec: { dependencies: ["mod_sasl2"] } });
    expect(get("README_mod_lib_ldap.markdown")).toMatchObject({ labels: [], summary: "Library module for LDAP" });
    const blocking = get("README_mod_blocking.markdown").compatibility?.rows ?? [];
    expect(blocking.find((row) => row.version === "0.6")?.works).toBe(false);
    expect(blocking.find((row) => row.version === "0.9")?.works).toBe(true);
    expect(get("README_mod_http_upload.markdown").compatibility?.prose).toMatch(/0\.11/);
    const stages = [...parsed.values()].filter((meta) => meta.stage !== undefined).length;
    expect(stages).toBeGreaterThan(30);
  });

  it("no summary keeps a Markdown escape", () => {
    const escaped = [...parsed.values()].map((meta) => meta.summary ?? "").filter((summary) => /\\[_*]/.test(summary));
    expect(escaped).toEqual([]);
  });
});

describe("every Lua file of the package", () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : entry.endsWith(".lua") ? [full] : [];
    });

  it("yields dependencies, with mod_sasl2_fast needing sasl2", () => {
    const files = walk(modules);
    expect(files.length).toBeGreaterThan(80);
    const all = files.map((file) => ({ file, facts: parseSourceFacts(readFileSync(file, "utf8")) }));
    const fast = all.find((item) => item.file.endsWith("mod_sasl2_fast.lua"));
    expect(fast?.facts.depends).toContainEqual({ name: "sasl2", soft: false });
    const dependsTotal = all.reduce((sum, item) => sum + item.facts.depends.length, 0);
    expect(dependsTotal).toBeGreaterThan(50);
    expect(all.find((item) => item.file.endsWith("mod_default_bookmarks.lua"))?.facts.unknowableDepends).toEqual(["mod_bookmarks_available"]);
  });
});
