import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inTransaction } from "../../src/system/dir-transaction.js";

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-tx-"));
  for (const name of ["a", "b"]) {
    await fs.mkdir(path.join(root, name));
    await fs.writeFile(path.join(root, name, "file"), `old ${name}`);
  }
  await fs.mkdir(path.join(root, "new-a"));
  await fs.writeFile(path.join(root, "new-a", "file"), "new a");
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const read = (name: string): Promise<string> => fs.readFile(path.join(root, name, "file"), "utf8");

describe("inTransaction", () => {
  it("commits replacements and removals, leaving no backups", async () => {
    await inTransaction(async (tx) => {
      await tx.put(path.join(root, "a"), path.join(root, "new-a"));
      await tx.remove(path.join(root, "b"));
    });
    expect(await read("a")).toBe("new a");
    expect((await fs.readdir(root)).sort()).toEqual(["a"]);
  });

  it("puts every directory back when the work fails half way", async () => {
    await expect(
      inTransaction(async (tx) => {
        await tx.put(path.join(root, "a"), path.join(root, "new-a"));
        await tx.remove(path.join(root, "b"));
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(await read("a")).toBe("old a");
    expect(await read("b")).toBe("old b");
    expect((await fs.readdir(root)).sort()).toEqual(["a", "b"]);
  });
});
