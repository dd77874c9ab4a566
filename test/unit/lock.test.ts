import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/system/lock.js";

describe("acquireLock", () => {
  it("makes a second run wait, then refuse with a clear message; a released lock is free again", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-lock-"));
    const file = path.join(dir, "lock");
    const first = await acquireLock(file, { waitMs: 1000 });
    const started = Date.now();
    await expect(acquireLock(file, { waitMs: 300, pollMs: 50 })).rejects.toThrow(new RegExp(`another prosody-manager \\(pid ${process.pid}\\) is changing modules`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await first.release();
    const again = await acquireLock(file, { waitMs: 100 });
    await again.release();
    await fs.rm(dir, { recursive: true });
  });

  it("takes over a lock whose owner is gone", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-lock-"));
    const file = path.join(dir, "lock");
    // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
    await fs.writeFile(file, `${2 ** 22 + 1}\n`);
    const lock = await acquireLock(file, { waitMs: 100 });
    expect((await fs.readFile(file, "utf8")).trim()).toBe(String(process.pid));
    await lock.release();
    await fs.rm(dir, { recursive: true });
  });
});
