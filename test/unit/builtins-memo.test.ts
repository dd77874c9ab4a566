// Prosody's own modules taken from the digest memo while every directory they were found in looks the same: each way
// the answer can change on disk must be seen by the next run.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { modulesInDir, modulesInDirWithInputs } from "../../src/prosody/module-dirs.js";
import { DigestMemo } from "../../src/system/digest-memo.js";

describe("the built-in modules in the digest memo", () => {
  let root: string;
  let dir: string;
  let memoFile: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-builtins-memo-"));
    dir = path.join(root, "modules");
    memoFile = path.join(root, "cache", "digests.json");
    for (const file of ["mod_flat.lua", "muc/mod_muc.lua", "mod_mam/mod_mam.lua", "mod_nested/nested/mod_nested.lua", "elsewhere/mod_linked.lua"]) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), "-- module\n");
    }
    await fs.symlink(path.join(dir, "elsewhere", "mod_linked.lua"), path.join(dir, "mod_linked.lua"));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  /** One run: the list the memo answers (computed again only when the inputs changed), and whether it was computed. */
  async function run(): Promise<{ modules: string[]; computed: boolean }> {
    // Files written now settle only later: runs are simulated a minute on, as the memo's clock is passed in.
    const memo = DigestMemo.open(memoFile, Date.now() + 60_000);
    let computed = false;
    const text = await memo.remembered("builtins", async () => {
      computed = true;
      const { modules, inputs } = modulesInDirWithInputs(dir, "5.4");
      return { value: JSON.stringify([...modules.keys()]), inputs };
    });
    memo.save();
    return { modules: JSON.parse(text) as string[], computed };
  }

  it("answers as a listing would, and from the memo until something it rests on changes", async () => {
    const first = await run();
    expect(first).toEqual({ modules: [...modulesInDir(dir, "5.4").keys()], computed: true });
    expect(first.modules).toEqual(["mod_flat", "mod_linked", "mod_mam", "mod_muc", "mod_nested"]);
    expect((await run()).computed).toBe(false);

    const changes: [string, () => Promise<unknown>, string[]][] = [
      ["a module removed from a subdirectory", () => fs.rm(path.join(dir, "muc", "mod_muc.lua")), ["mod_flat", "mod_linked", "mod_mam", "mod_nested"]],
      ["a loose module added", () => fs.writeFile(path.join(dir, "mod_new.lua"), "--\n"), ["mod_flat", "mod_linked", "mod_mam", "mod_nested", "mod_new"]],
      ["a nested module removed", () => fs.rm(path.join(dir, "mod_nested", "nested", "mod_nested.lua")), ["mod_flat", "mod_linked", "mod_mam", "mod_new"]],
      ["a link's target removed", () => fs.rm(path.join(dir, "elsewhere", "mod_linked.lua")), ["mod_flat", "mod_mam", "mod_new"]],
      ["a directory added with a module", () => fs.mkdir(path.join(dir, "mod_late")).then(() => fs.writeFile(path.join(dir, "mod_late", "mod_late.lua"), "--\n")), ["mod_flat", "mod_late", "mod_mam", "mod_new"]],
    ];
    for (const [what, change, expected] of changes) {
      await change();
      expect(await run(), what).toEqual({ modules: expected, computed: true });
      expect((await run()).computed, `${what}, then nothing`).toBe(false);
    }
  });

  it("never remembers an answer that rests on a linked module file in a subdirectory", async () => {
    await fs.rm(path.join(dir, "mod_mam", "mod_mam.lua"));
    await fs.symlink(path.join(dir, "elsewhere", "mod_linked.lua"), path.join(dir, "mod_mam", "mod_mam.lua"));
    expect((await run()).computed).toBe(true);
    expect((await run()).computed).toBe(true);
  });
});
