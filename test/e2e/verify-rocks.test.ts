import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

interface VerifyJson {
  ok: boolean;
  modules: { name: string; source: string; status: string; added: string[]; removed: string[]; modified: string[] }[];
}

describe("module verify on rocks, against LuaRocks' rock_manifest", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    expect((await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--no-config"])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  it("passes on an untouched tree", async () => {
    const run = await sandbox.run(["module", "verify", "--json"]);
    expect(run.code).toBe(0);
    expect(parseJson<VerifyJson>(run).modules.map((module) => `${module.name}:${module.source}:${module.status}`)).toEqual(["mod_sasl2:rocks:ok", "mod_sasl2_fast:rocks:ok"]);
  });

  it("exits 1 naming the edited, the deleted and the added file", async () => {
    const lua = path.join(sandbox.installerPath, "share/lua/5.4/mod_sasl2_fast.lua");
    await fs.appendFile(lua, "\n-- local patch\n");
    const rockDir = path.join(sandbox.installerPath, "lib/luarocks/rocks-5.4/mod_sasl2/2-1");
    await fs.rm(path.join(rockDir, "doc/README.md"));
    await fs.writeFile(path.join(rockDir, "notes.txt"), "mine\n");
    const run = await sandbox.run(["module", "verify", "--json"]);
    expect(run.code).toBe(1);
    const modules = new Map(parseJson<VerifyJson>(run).modules.map((module) => [module.name, module]));
    expect(modules.get("mod_sasl2_fast")).toMatchObject({ status: "modified", modified: ["share/lua/5.4/mod_sasl2_fast.lua"], added: [], removed: [] });
    expect(modules.get("mod_sasl2")).toMatchObject({
      status: "modified",
      modified: [],
      removed: ["lib/luarocks/rocks-5.4/mod_sasl2/2-1/doc/README.md"],
      added: ["lib/luarocks/rocks-5.4/mod_sasl2/2-1/notes.txt"],
    });
    const human = await sandbox.run(["module", "verify"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^ {2}mod_sasl2_fast: modified share\/lua\/5\.4\/mod_sasl2_fast\.lua$/m);
    // list does not compare files with the rock_manifest (only verify and changes name them): the tree hash tells it.
    const list = parseJson<{ modules: { name: string; source: string; status: string }[] }>(await sandbox.run(["module", "list", "--json"]));
    expect(list.modules.filter((module) => module.source === "rocks").map((module) => `${module.name}:${module.status}`)).toEqual(["mod_sasl2:modified", "mod_sasl2_fast:modified"]);
  });
});

describe("an edited rock is local work", () => {
  let sandbox: Sandbox;
  let lua = "";
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    expect((await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--no-config"])).code).toBe(0);
    lua = path.join(sandbox.installerPath, "share/lua/5.4/mod_sasl2_fast.lua");
    await fs.appendFile(lua, "\n-- local patch\n");
  });
  afterEach(() => sandbox.cleanup());

  it("is never replaced or removed without --force, dry run or not, naming the file", async () => {
    const before = await snapshotTree(sandbox.installerPath);
    for (const args of [["module", "rocks", "install", "mod_sasl2_fast", "--force", "--dry-run"], ["module", "rocks", "remove", "mod_sasl2_fast", "--no-config", "--dry-run"], ["module", "rocks", "remove", "mod_sasl2_fast", "--no-config"]]) {
      const run = await sandbox.run(args);
      if (args.includes("--force")) {
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^would install mod_sasl2_fast 1-1$/m);
        continue;
      }
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stderr).toMatch(/refusing to overwrite local work: rock mod_sasl2_fast 1-1 \(share\/lua\/5\.4\/mod_sasl2_fast\.lua\) has local changes/);
      expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
    }
  });

  it("--force keeps the edited files in a dated backup directory that the output names", async () => {
    const run = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--force", "--no-config", "--json"]);
    expect(run.code).toBe(0);
    const backups = parseJson<{ backups: string[] }>(run).backups;
    expect(backups).toHaveLength(1);
    const kept = path.join(backups[0] ?? "", "share/lua/5.4/mod_sasl2_fast.lua");
    expect(await fs.readFile(kept, "utf8")).toMatch(/-- local patch/);
    expect(await fs.readFile(lua, "utf8")).not.toMatch(/-- local patch/);
    expect((await sandbox.run(["module", "verify"])).code).toBe(0);
  });

  it("module update skips it, saying why, unless --force", async () => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_pastebin@2-1", "--no-config"])).code).toBe(0);
    expect((await sandbox.run(["module", "unpin", "mod_pastebin"])).code).toBe(0);
    await fs.appendFile(path.join(sandbox.installerPath, "share/lua/5.4/mod_pastebin.lua"), "\n-- local patch\n");
    expect((await sandbox.run(["module", "sync"])).code).toBe(0);
    const run = await sandbox.run(["module", "update", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const json = parseJson<{ rocks: { name: string }[]; skipped: { name: string; source: string; reason: string }[] }>(run);
    expect(json.skipped).toContainEqual({ name: "mod_pastebin", source: "rocks", reason: expect.stringMatching(/has local changes/) });
    expect(json.rocks.map((rock) => rock.name)).not.toContain("mod_pastebin");
    const forced = parseJson<{ rocks: { name: string; version: string }[] }>(await sandbox.run(["module", "update", "--force", "--dry-run", "--json"]));
    expect(forced.rocks).toContainEqual(expect.objectContaining({ name: "mod_pastebin", version: "3-1" }));
  });
});
