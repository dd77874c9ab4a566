// A directory of Prosody's search path read the way its loader looks, so hand-made copies count as copies.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModuleName } from "../../src/core/types.js";
import { locateInDir, modulesInDir } from "../../src/prosody/module-dirs.js";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-module-dirs-"));
  const files = [
    "mod_flat.lua",
    "mod_dir/mod_dir.lua",
    "mod_nested/nested/mod_nested.lua",
    "short/mod_short.lua",
    "share/lua/5.4/mod_rock.lua",
    "mod_readme_only/README.md",
    "lib/helper.lua",
    "notes.lua",
    ".staging.stage-1/mod_hidden/mod_hidden.lua",
  ];
  for (const file of files) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), "-- module\n");
  }
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe("modulesInDir", () => {
  it("finds every layout Prosody loads, with the file it opens, and nothing else", async () => {
    const found = await modulesInDir(dir, "5.4");
    expect(Object.fromEntries([...found].map(([name, file]) => [name, path.relative(dir, file)]))).toEqual({
      mod_dir: "mod_dir/mod_dir.lua",
      mod_flat: "mod_flat.lua",
      mod_nested: "mod_nested/nested/mod_nested.lua",
      mod_rock: "share/lua/5.4/mod_rock.lua",
      mod_short: "short/mod_short.lua",
    });
  });

  it("a directory that cannot be read holds nothing", async () => {
    expect((await modulesInDir(path.join(dir, "nonexistent"), "5.4")).size).toBe(0);
  });
});

describe("locateInDir", () => {
  it("takes the loader's first candidate when a directory holds two layouts", async () => {
    await fs.mkdir(path.join(dir, "mod_flat"), { recursive: true });
    await fs.writeFile(path.join(dir, "mod_flat", "mod_flat.lua"), "-- module\n");
    expect(await locateInDir(dir, "mod_flat" as ModuleName, "5.4")).toBe(path.join(dir, "mod_flat", "mod_flat.lua"));
    expect(await locateInDir(dir, "mod_readme_only" as ModuleName, "5.4")).toBeUndefined();
  });

  it("read through the directory's listing, a loose file still loses to x/mod_x.lua and mod_x/, and a link is followed", async () => {
    const layouts = await fs.mkdtemp(path.join(os.tmpdir(), "pm-module-layouts-"));
    try {
      for (const file of ["mod_both.lua", "both/mod_both.lua", "mod_loose.lua", "mod_pair.lua", "mod_pair/mod_pair.lua", "target.lua"]) {
        await fs.mkdir(path.dirname(path.join(layouts, file)), { recursive: true });
        await fs.writeFile(path.join(layouts, file), "-- module\n");
      }
      await fs.symlink(path.join(layouts, "target.lua"), path.join(layouts, "mod_linked.lua"));
      const found = modulesInDir(layouts, "5.4");
      expect(Object.fromEntries([...found].map(([name, file]) => [name, path.relative(layouts, file)]))).toEqual({
        mod_both: "both/mod_both.lua",
        mod_linked: "mod_linked.lua",
        mod_loose: "mod_loose.lua",
        mod_pair: "mod_pair/mod_pair.lua",
      });
    } finally {
      await fs.rm(layouts, { recursive: true, force: true });
    }
  });
});
