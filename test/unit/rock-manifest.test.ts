import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareFiles } from "../../src/core/file-changes.js";
import { parseModuleName } from "../../src/core/names.js";
import { readRockManifest, rockFilesNow } from "../../src/sources/rocks/rock-manifest.js";

const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

describe("compareFiles", () => {
  it("names added, removed and modified paths, sorted", () => {
    const recorded = new Map([["b.lua", "1"], ["a.lua", "2"], ["gone.lua", "3"]]);
    const now = new Map([["a.lua", "2"], ["b.lua", "9"], ["z.txt", "4"], ["new.lua", "5"]]);
    expect(compareFiles(recorded, now)).toEqual({ added: ["new.lua", "z.txt"], removed: ["gone.lua"], modified: ["b.lua"] });
  });

  it("finds nothing when both sides agree", () => {
    const same = new Map([["a", "1"]]);
    expect(compareFiles(same, new Map(same))).toEqual({ added: [], removed: [], modified: [] });
  });
});

describe("a rock's rock_manifest against the tree", () => {
  let tree = "";
  afterEach(() => fs.rm(tree, { recursive: true, force: true }));

  /** A tree as LuaRocks leaves it after installing mod_x 1-1 with a library directory and a copied template dir. */
  async function makeTree(): Promise<string> {
    tree = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rock-manifest-"));
    const rockDir = path.join(tree, "lib/luarocks/rocks-5.4/mod_x/1-1");
    const files: Record<string, string> = {
      "share/lua/5.4/mod_x.lua": "module code",
      "share/lua/5.4/mod_x/util.lua": "util",
      "share/lua/5.4/mod_other.lua": "another rock's file",
      "lib/luarocks/rocks-5.4/mod_x/1-1/mod_x-1-1.rockspec": "rockspec",
      "lib/luarocks/rocks-5.4/mod_x/1-1/doc/README.md": "readme",
      "lib/luarocks/rocks-5.4/mod_x/1-1/templates/page.html": "<p>",
    };
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(tree, file)), { recursive: true });
      await fs.writeFile(path.join(tree, file), text);
    }
    await fs.writeFile(
      path.join(rockDir, "rock_manifest"),
      `rock_manifest = {
   doc = { ["README.md"] = "${md5("readme")}" },
   lua = { ["mod_x.lua"] = "${md5("module code")}", mod_x = { ["util.lua"] = "${md5("util")}" } },
   ["mod_x-1-1.rockspec"] = "${md5("rockspec")}",
   templates = { ["page.html"] = "${md5("<p>")}" },
   ["../escape"] = "00000000000000000000000000000000",
}
`,
    );
    return tree;
  }

  it("maps lua/ to share/lua/<lua>/ and the rest to the rock's directory, ignoring names that climb out", async () => {
    const recorded = await readRockManifest(await makeTree(), "5.4", { name: parseModuleName("mod_x"), version: "1-1" });
    expect([...(recorded?.keys() ?? [])].sort()).toEqual([
      "lib/luarocks/rocks-5.4/mod_x/1-1/doc/README.md",
      "lib/luarocks/rocks-5.4/mod_x/1-1/mod_x-1-1.rockspec",
      "lib/luarocks/rocks-5.4/mod_x/1-1/templates/page.html",
      "share/lua/5.4/mod_x.lua",
      "share/lua/5.4/mod_x/util.lua",
    ]);
  });

  it("names an edited, a deleted and an added file, never another rock's", async () => {
    await makeTree();
    const rock = { name: parseModuleName("mod_x"), version: "1-1" };
    await fs.writeFile(path.join(tree, "share/lua/5.4/mod_x.lua"), "patched");
    await fs.rm(path.join(tree, "lib/luarocks/rocks-5.4/mod_x/1-1/doc/README.md"));
    await fs.writeFile(path.join(tree, "share/lua/5.4/mod_x/extra.lua"), "added by hand");
    await fs.writeFile(path.join(tree, "share/lua/5.4/stray.lua"), "in the shared directory: nobody's");
    const recorded = (await readRockManifest(tree, "5.4", rock)) ?? new Map<string, string>();
    expect(compareFiles(recorded, await rockFilesNow(tree, "5.4", rock, recorded))).toEqual({
      added: ["share/lua/5.4/mod_x/extra.lua"],
      removed: ["lib/luarocks/rocks-5.4/mod_x/1-1/doc/README.md"],
      modified: ["share/lua/5.4/mod_x.lua"],
    });
  });

  it("a rock without a rock_manifest has none", async () => {
    tree = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rock-manifest-"));
    expect(await readRockManifest(tree, "5.4", { name: parseModuleName("mod_x"), version: "1-1" })).toBeUndefined();
  });
});
