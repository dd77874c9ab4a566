import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readTreeRocks, treeManifestPath } from "../../src/sources/rocks/tree-manifest.js";

// What LuaRocks 3 writes into <tree>/lib/luarocks/rocks-5.4/manifest after installing mod_sasl2_fast (which pulls in
// mod_sasl2) and two versions of mod_pastebin side by side.
const MANIFEST = `commands = {}
dependencies = {
   mod_pastebin = { ["2-1"] = {}, ["3-1"] = {} },
   mod_sasl2 = { ["2-1"] = {} },
}
modules = {
   mod_pastebin = { "mod_pastebin/3-1" },
}
repository = {
   luasocket = { ["3.1.0-1"] = { { arch = "installed" } } },
   mod_pastebin = {
      ["2-1"] = { { arch = "installed", commands = {}, dependencies = {}, modules = { mod_pastebin = "mod_pastebin.lua" } } },
      ["3-1"] = { { arch = "installed", commands = {}, dependencies = {}, modules = { mod_pastebin = "mod_pastebin.lua" } } }
   },
   mod_sasl2 = {
      ["2-1"] = { { arch = "installed", commands = {}, dependencies = {}, modules = { mod_sasl2 = "mod_sasl2.lua" } } }
   },
   mod_sasl2_fast = {
      ["1-1"] = { { arch = "installed", commands = {}, dependencies = { mod_sasl2 = "2-1" }, modules = {} } }
   }
}
`;

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function treeWith(manifest: string | undefined): Promise<string> {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-tree-"));
  const tree = path.join(dir, "tree");
  if (manifest !== undefined) {
    await fs.mkdir(path.dirname(treeManifestPath(tree, "5.4")), { recursive: true });
    await fs.writeFile(treeManifestPath(tree, "5.4"), manifest);
  }
  return tree;
}

describe("readTreeRocks", () => {
  it("lists every installed version of every module rock, as luarocks list does", async () => {
    const tree = await treeWith(MANIFEST);
    expect(await readTreeRocks(tree, "5.4")).toEqual([
      { name: "mod_pastebin", version: "3-1", tree },
      { name: "mod_pastebin", version: "2-1", tree },
      { name: "mod_sasl2", version: "2-1", tree },
      { name: "mod_sasl2_fast", version: "1-1", tree },
    ]);
  });

  it("reads the manifest of the Lua version asked for", async () => {
    const tree = await treeWith(MANIFEST);
    expect(await readTreeRocks(tree, "5.3")).toEqual([]);
  });

  it("answers nothing for a tree that does not exist yet", async () => {
    const tree = await treeWith(undefined);
    expect(await readTreeRocks(tree, "5.4")).toEqual([]);
  });

  it("never runs the manifest: code in it is an error, not an action", async () => {
    const tree = await treeWith(`os.execute("touch ${path.join(os.tmpdir(), "pm-pwned")}")\nrepository = `);
    await expect(readTreeRocks(tree, "5.4")).rejects.toThrow(/not a LuaRocks manifest/);
  });
});
