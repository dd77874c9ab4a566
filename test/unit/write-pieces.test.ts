import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writePiecesAtomicSync } from "../../src/system/fs-atomic.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("a file written piece by piece", () => {
  it("holds every piece in order, across chunks and multi-byte characters", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-pieces-"));
    const target = path.join(dir, "sub", "out.txt");
    const pieces = Array.from({ length: 3000 }, (_, index) => `${index}: é — ${"z".repeat(index % 97)}\n`);
    writePiecesAtomicSync(target, pieces);
    expect(await fs.readFile(target, "utf8")).toBe(pieces.join(""));
    writePiecesAtomicSync(target, []);
    expect(await fs.readFile(target, "utf8")).toBe("");
  });

  it("that fails half way leaves the previous file as it was, and nothing beside it", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-pieces-"));
    const target = path.join(dir, "out.txt");
    await fs.writeFile(target, "before\n");
    function* failing(): Generator<string> {
      yield "x".repeat(200_000);
      throw new Error("the pieces ran out");
    }
    expect(() => writePiecesAtomicSync(target, failing())).toThrow("the pieces ran out");
    expect(await fs.readFile(target, "utf8")).toBe("before\n");
    expect(await fs.readdir(dir)).toEqual(["out.txt"]);
  });
});
