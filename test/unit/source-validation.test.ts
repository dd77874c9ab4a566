import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isChangesetHash } from "../../src/core/names.js";
import { isRockName, isRockVersion } from "../../src/core/rock-version.js";
import { readRepositoryManifest } from "../../src/sources/rocks/manifest.js";
import { installRock, removeRock } from "../../src/sources/rocks/luarocks.js";
import type { ModuleName } from "../../src/core/types.js";

describe("LuaRocks' grammar", () => {
  it.each(["1-1", "7-1", "0.12.3-2", "scm-1", "1.0rc1-3"])("accepts version %s", (version) => expect(isRockVersion(version)).toBe(true));
  it.each(["--tree=/x", "-1", "1", "1-", "-1-1", "1-1 --tree=/x", "1..2-1", "1-1\n", "1-x", "", `${"1.".repeat(60)}1-1`])("refuses version %j", (version) =>
    expect(isRockVersion(version)).toBe(false),
  );
  it.each(["mod_x", "lua-cjson", "luasocket", "a.b"])("accepts name %s", (name) => expect(isRockName(name)).toBe(true));
  it.each(["--tree=/x", "-x", "Mod_X", "a b", "../x", "a/b", ""])("refuses name %j", (name) => expect(isRockName(name)).toBe(false));

  it("a full hash is a changeset, the working directory's id is not", () => {
    expect(isChangesetHash("d9b5f620d997e150c91f336f2aaa4208413529b3")).toBe(true);
    expect(isChangesetHash("f".repeat(40))).toBe(false);
    expect(isChangesetHash("d9b5f620d997")).toBe(false);
  });
});

describe("a hostile manifest", () => {
  const manifest = [
    "repository = {",
    '  mod_x = { ["1-1"] = { { arch = "rockspec" } }, ["--tree=/some/dir"] = { { arch = "rockspec" } }, ["2-1 -v"] = {} },',
    '  ["--server=http://evil/"] = { ["1-1"] = {} },',
    '  mod_only_bad = { ["-1"] = {} },',
    "}",
  ].join("\n");

  it("drops and reports option-like versions and names; the newest version left is a real one", async () => {
    const parsed = await readRepositoryManifest(manifest, "test");
    expect(parsed.modules).toEqual([{ name: "mod_x", versions: ["1-1"] }]);
    expect(parsed.rejected.map((problem) => problem.problem)).toEqual([
      expect.stringMatching(/version '--tree=\/some\/dir' is not a LuaRocks version/),
      expect.stringMatching(/version '2-1 -v' is not a LuaRocks version/),
      expect.stringMatching(/not a valid rock name/),
      expect.stringMatching(/version '-1' is not a LuaRocks version/),
    ]);
  });
});

describe("the LuaRocks runner", () => {
  it("refuses an option-like version or name before LuaRocks runs (nothing is created in the tree)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-lr-"));
    const tree = path.join(dir, "tree");
    const options = { luaVersion: "5.4", tree, server: path.join(dir, "server") };
    await expect(installRock(options, "mod_x" as ModuleName, `--tree=${dir}/elsewhere`, process.env)).rejects.toThrow(/refusing to pass version '--tree=/);
    await expect(removeRock(options, "-rf" as ModuleName, false, process.env)).rejects.toThrow(/refusing to pass '-rf' to LuaRocks/);
    expect(await fs.readdir(dir)).toEqual([]);
    await fs.rm(dir, { recursive: true });
  });
});
