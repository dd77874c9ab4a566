import { promises as fs } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { handOverTree } from "../../src/system/hand-over.js";
import { haveRoot } from "../helpers/requirements.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

const scratch = scratchDirs("pm-hand-over-");
const TO = { uid: 4321, gid: 4322, dirBits: 0o750, fileBits: 0o640 };
let dir: string;
beforeEach(() => {
  dir = scratch();
});

const owner = async (file: string): Promise<[number, number, number]> => {
  const stat = await fs.lstat(file);
  return [stat.uid, stat.gid, stat.mode & 0o7777];
};

describe.runIf(haveRoot("handing a tree to another account needs it"))("handing a tree to another account", () => {
  it("gives every directory and plain file, at any depth, with the mode bits added to its own", async () => {
    const tree = path.join(dir, "tree");
    await fs.mkdir(path.join(tree, "lib", "luarocks", "rocks-5.4", "mod_x"), { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(tree, "lib", "luarocks", "rocks-5.4", "mod_x", "rock_manifest"), "x", { mode: 0o600 });
    await fs.writeFile(path.join(tree, "run.sh"), "#!/bin/sh\n", { mode: 0o700 });
    await handOverTree(tree, TO);
    expect(await owner(tree)).toEqual([4321, 4322, 0o750]);
    expect(await owner(path.join(tree, "lib", "luarocks", "rocks-5.4", "mod_x"))).toEqual([4321, 4322, 0o750]);
    expect(await owner(path.join(tree, "lib", "luarocks", "rocks-5.4", "mod_x", "rock_manifest"))).toEqual([4321, 4322, 0o640]);
    expect(await owner(path.join(tree, "run.sh"))).toEqual([4321, 4322, 0o740]);
  });

  it("follows no link: one inside the tree, to a file or a directory outside, leaves them and the link as they are", async () => {
    const tree = path.join(dir, "tree");
    const outside = path.join(dir, "outside");
    await fs.mkdir(path.join(outside, "etc"), { recursive: true });
    await fs.writeFile(path.join(outside, "etc", "shadow"), "secret\n", { mode: 0o600 });
    await fs.mkdir(tree);
    await fs.symlink(path.join(outside, "etc", "shadow"), path.join(tree, "shadow"));
    await fs.symlink(path.join(outside, "etc"), path.join(tree, "etc"));
    await handOverTree(tree, TO);
    expect(await owner(path.join(tree))).toEqual([4321, 4322, expect.any(Number)]);
    for (const file of [path.join(outside, "etc"), path.join(outside, "etc", "shadow")]) expect((await owner(file)).slice(0, 2)).toEqual([0, 0]);
    expect((await owner(path.join(tree, "shadow"))).slice(0, 2)).toEqual([0, 0]);
  });

  it("changes nothing when the tree itself is a link, or missing", async () => {
    const outside = path.join(dir, "outside");
    await fs.mkdir(outside);
    const tree = path.join(dir, "tree");
    await fs.symlink(outside, tree);
    await handOverTree(tree, TO);
    expect((await owner(outside)).slice(0, 2)).toEqual([0, 0]);
    await handOverTree(path.join(dir, "missing"), TO);
  });
});
