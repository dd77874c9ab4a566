import { execFile, execFileSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRocksServer } from "../../scripts/fixture/rocks-server.js";
import { type FixtureHistory, communityRepo, ensureFixture, loadHistory, rocksDir, touchingRevisions } from "../helpers/fixture-paths.js";
import { serveDirectory } from "../helpers/http-server.js";

const run = promisify(execFile);
let history: FixtureHistory;
let scratch: string;

/** name → version → arches, read by Lua itself, so a manifest LuaRocks could not load fails here too. */
function readManifest(dir: string): Map<string, Map<string, string[]>> {
  const script = `
    local env = {}
    assert(loadfile(arg[1], "t", env))()
    for name, versions in pairs(env.repository) do
      for version, arches in pairs(versions) do
        for _, entry in ipairs(arches) do print(name .. " " .. version .. " " .. entry.arch) end
      end
    end`;
  const out = execFileSync("lua5.4", ["-", path.join(dir, "manifest-5.4")], { input: script, encoding: "utf8" });
  const manifest = new Map<string, Map<string, string[]>>();
  for (const line of out.trim().split("\n").filter(Boolean)) {
    const [name = "", version = "", arch = ""] = line.split(" ");
    const versions = manifest.get(name) ?? new Map<string, string[]>();
    versions.set(version, [...(versions.get(version) ?? []), arch].sort());
    manifest.set(name, versions);
  }
  return manifest;
}

function versionsOf(manifest: Map<string, Map<string, string[]>>, name: string): string[] {
  return [...(manifest.get(name)?.keys() ?? [])].sort();
}

/** LuaRocks as prosodyctl runs it, with a cache of its own: LuaRocks caches manifests and failures per URL. */
async function luarocksInstall(server: string, rock: string): Promise<string> {
  const tree = await fs.mkdtemp(path.join(scratch, "tree-"));
  const env = { ...process.env, HOME: tree, XDG_CACHE_HOME: path.join(tree, ".cache") };
  await run("luarocks", ["--lua-version=5.4", "install", `--tree=${tree}`, `--server=${server}`, rock], { env });
  return tree;
}

beforeAll(async () => {
  await ensureFixture();
  history = await loadHistory();
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "fixture-rocks-test-"));
}, 300_000);

afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

describe("the fixture's rocks server", () => {
  it("publishes every version 1-1 … N-1 of each module with code, N = changesets that touched it", () => {
    const manifest = readManifest(rocksDir);
    for (const module of history.modules) {
      const hasCode = existsSync(path.join(communityRepo, module, `${module}.lua`)) || existsSync(path.join(communityRepo, module, module.slice(4), `${module}.lua`));
      const expected = hasCode ? touchingRevisions(history, module).map((_, index) => `${index + 1}-1`) : [];
      expect(versionsOf(manifest, module), module).toEqual(expected);
      for (const version of expected) {
        expect(manifest.get(module)?.get(version), `${module} ${version}`).toEqual(["rockspec", "src"]);
        expect(existsSync(path.join(rocksDir, `${module}-${version}.src.rock`))).toBe(true);
      }
    }
    expect(versionsOf(manifest, "mod_pastebin")).toEqual(["1-1", "2-1", "3-1"]);
    expect(manifest.has("mod_lib_ldap")).toBe(false);
    expect(manifest.has("mod_require_otr")).toBe(false);
    expect([...manifest.keys()].every((name) => history.modules.includes(name))).toBe(true);
  });

  it("writes rockspecs LuaRocks reads: dependencies and modules from the README", () => {
    const script = "local t = {}; assert(loadfile(arg[1], 't', t))(); print(t.package, t.version, table.concat(t.dependencies, ','), t.build.modules.mod_sasl2_fast, t.description.summary)";
    const printed = execFileSync("lua5.4", ["-", path.join(rocksDir, "mod_sasl2_fast-1-1.rockspec")], { input: script, encoding: "utf8" });
    expect(printed.trim().split("\t")).toEqual(["mod_sasl2_fast", "1-1", "mod_sasl2", "mod_sasl2_fast.lua", "Fast Authentication Streamlining Tokens"]);
    const dovecot = readFileSync(path.join(rocksDir, "mod_auth_dovecot-1-1.rockspec"), "utf8");
    expect(dovecot).toContain('["mod_auth_dovecot"] = "auth_dovecot/mod_auth_dovecot.lua"');
    expect(dovecot).toContain('["mod_auth_dovecot.sasl_dovecot"] = "auth_dovecot/sasl_dovecot.lib.lua"');
    expect(dovecot).not.toContain('["auth_dovecot.sasl_dovecot"]');
    expect(readFileSync(path.join(rocksDir, "mod_register_web-1-1.rockspec"), "utf8")).toContain('copy_directories = { "templates" }');
  });

  it("installs with real LuaRocks from the directory, pulling in the dependency", async () => {
    const tree = await luarocksInstall(rocksDir, "mod_sasl2_fast");
    const installed = path.join(tree, "share/lua/5.4");
    expect(await fs.readFile(path.join(installed, "mod_sasl2_fast.lua"), "utf8")).toBe(await fs.readFile(path.join(communityRepo, "mod_sasl2_fast/mod_sasl2_fast.lua"), "utf8"));
    expect(await fs.readFile(path.join(installed, "mod_sasl2.lua"), "utf8")).toBe(await fs.readFile(path.join(communityRepo, "mod_sasl2/mod_sasl2.lua"), "utf8"));
    const sasl2Versions = touchingRevisions(history, "mod_sasl2").length;
    expect(await fs.readdir(path.join(tree, "lib/luarocks/rocks-5.4/mod_sasl2"))).toEqual([`${sasl2Versions}-1`]);
  }, 60_000);

  it("installs over HTTP, resources included", async () => {
    const server = await serveDirectory(rocksDir);
    try {
      const tree = await luarocksInstall(server.url, "mod_invites_page");
      const rock = path.join(tree, "lib/luarocks/rocks-5.4/mod_invites_page/1-1");
      expect((await fs.readdir(rock)).sort()).toEqual(expect.arrayContaining(["html", "static"]));
      // mod_invites_page's README declares mod_register_apps, which is on the same server.
      expect(existsSync(path.join(tree, "share/lua/5.4/mod_register_apps.lua"))).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("fails to install a rock whose declared dependency is on no server, as upstream's mod_bob does here", async () => {
    await expect(luarocksInstall(rocksDir, "mod_bob")).rejects.toThrow(/Could not satisfy dependency mod_cache_c2s_caps/);
  }, 60_000);
});

describe("buildRocksServer at an older revision, then at tip", () => {
  const only = ["mod_pastebin", "mod_sasl2", "mod_require_otr", "mod_unified_push"];

  it("publishes only what existed then, and republishing adds new versions and drops removed modules", async () => {
    const out = path.join(scratch, "server");
    const older = await buildRocksServer({ repo: communityRepo, out, rev: 1, only });
    expect(older.node).toBe(history.revisions[1]?.node);
    let manifest = readManifest(out);
    expect(versionsOf(manifest, "mod_pastebin")).toEqual(["1-1", "2-1"]);
    expect(versionsOf(manifest, "mod_sasl2")).toEqual(["1-1"]);
    expect(versionsOf(manifest, "mod_require_otr")).toEqual(["1-1"]);
    expect(manifest.has("mod_unified_push")).toBe(false);
    expect(manifest.has("mod_cloud_notify")).toBe(false);
    const unchanged = statSync(path.join(out, "mod_pastebin-1-1.src.rock")).mtimeMs;

    const tip = history.revisions[history.revisions.length - 1];
    const newer = await buildRocksServer({ repo: communityRepo, out, rev: tip?.short, only });
    expect(newer.rev).toBe(tip?.rev);
    manifest = readManifest(out);
    expect(versionsOf(manifest, "mod_pastebin")).toEqual(["1-1", "2-1", "3-1"]);
    expect(versionsOf(manifest, "mod_sasl2")).toEqual(["1-1", "2-1"]);
    expect(manifest.has("mod_require_otr")).toBe(false);
    expect(versionsOf(manifest, "mod_unified_push")).toEqual(["1-1"]);
    expect(statSync(path.join(out, "mod_pastebin-1-1.src.rock")).mtimeMs).toBe(unchanged);
    expect(await fs.readFile(path.join(out, "mod_pastebin-3-1.rockspec"), "utf8")).toEqual(await fs.readFile(path.join(rocksDir, "mod_pastebin-3-1.rockspec"), "utf8").then((text) => text.replaceAll(rocksDir, out)));
  }, 120_000);
});
