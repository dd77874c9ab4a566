import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeLike } from "../../src/prosody/config/write.js";
import { siblingPath, writeFileAtomic, writeFileAtomicSync, writePiecesAtomicSync } from "../../src/system/fs-atomic.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

const scratch = scratchDirs("pm-staging-");
let dir: string;
beforeEach(() => {
  dir = scratch();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The staging name the next write of `target` will pick, with a link planted there to a file that must not change. */
async function plantLink(target: string): Promise<string> {
  vi.spyOn(Math, "random").mockReturnValue(0.5);
  const precious = path.join(dir, "precious");
  await fs.writeFile(precious, "keep me\n");
  await fs.symlink(precious, siblingPath(target, "tmp"));
  return precious;
}

describe("atomic writes stage in a file of their own", () => {
  const writers: [string, (target: string) => Promise<unknown>][] = [
    ["writeFileAtomic", (target) => writeFileAtomic(target, "new\n")],
    ["writeFileAtomicSync", async (target) => writeFileAtomicSync(target, "new\n")],
    ["writePiecesAtomicSync", async (target) => writePiecesAtomicSync(target, ["new", "\n"])],
    ["writeLike", async (target) => writeLike(target, "new\n", await fs.stat(target))],
  ];
  for (const [name, write] of writers) {
    it(`${name} never writes through a link planted at its staging name`, async () => {
      const target = path.join(dir, "prosody.cfg.lua");
      await fs.writeFile(target, "old\n");
      const precious = await plantLink(target);
      await expect(write(target)).rejects.toThrow(/EEXIST|already exists/);
      expect(await fs.readFile(precious, "utf8")).toBe("keep me\n");
      expect(await fs.readFile(target, "utf8")).toBe("old\n");
    });
  }
});
