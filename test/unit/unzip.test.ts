import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZipTooLarge, extractFromZip } from "../../src/system/unzip.js";
import { zipBomb } from "../helpers/zip-bomb.js";

const MiB = 1024 * 1024;

/** Archives from Python's zipfile (python3 is on every machine here; the zip tool may not be). */
function zip(dir: string, archive: string, files: string[], deflate: boolean): void {
  const script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED if sys.argv[2] == '1' else zipfile.ZIP_STORED) as z:\n    for f in sys.argv[3:]: z.write(f)\n";
  execFileSync("python3", ["-c", script, archive, deflate ? "1" : "0", ...files], { cwd: dir });
}

describe("extractFromZip", () => {
  it("reads deflated and stored entries of archives made by Python's zipfile", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-zip-"));
    const manifest = `repository = {\n${"  mod_x = { ['1-1'] = { { arch = 'rockspec' } } },\n".repeat(200)}}\n`;
    await fs.writeFile(path.join(dir, "manifest-5.4"), manifest);
    await fs.writeFile(path.join(dir, "other"), "x");
    zip(dir, "deflated.zip", ["other", "manifest-5.4"], true);
    zip(dir, "stored.zip", ["manifest-5.4"], false);
    for (const archive of ["deflated.zip", "stored.zip"]) {
      expect(extractFromZip(await fs.readFile(path.join(dir, archive)), "manifest-5.4", MiB).toString("utf8")).toBe(manifest);
    }
    const deflated = await fs.readFile(path.join(dir, "deflated.zip"));
    expect(() => extractFromZip(deflated, "absent", MiB)).toThrow(/no absent in the archive/);
    expect(() => extractFromZip(Buffer.from("not a zip at all, just some text"), "x", MiB)).toThrow(/not a zip archive/);
    await fs.rm(dir, { recursive: true });
  });

  it("stops a zip bomb at the cap, quickly and without holding the inflated text", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-zip-"));
    const archive = path.join(dir, "bomb.zip");
    zipBomb(archive, "manifest-5.4", 256);
    const bytes = await fs.readFile(archive);
    expect(bytes.length).toBeLessThan(MiB);
    const heapBefore = process.memoryUsage().rss;
    const started = Date.now();
    expect(() => extractFromZip(bytes, "manifest-5.4", 8 * MiB)).toThrow(ZipTooLarge);
    expect(() => extractFromZip(bytes, "manifest-5.4", 8 * MiB)).toThrow(/inflates to more than 8 MiB/);
    expect(Date.now() - started).toBeLessThan(5000);
    // A full inflate would need 256 MiB; the cap plus one burst is what may be held.
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(100 * MiB);
    await fs.rm(dir, { recursive: true });
  }, 30_000);
});
