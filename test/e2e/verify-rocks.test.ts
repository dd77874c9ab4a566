import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
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
  });
});
