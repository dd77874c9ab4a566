import { spawn, spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, acquireLocks } from "../../src/system/lock.js";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-lock-"));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

/** Another process holding the lock, the way a second CLI would; answers once it holds it. */
async function holdInAnotherProcess(file: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const child = spawn("flock", ["--exclusive", file, "sh", "-c", "echo locked; exec sleep 60"], { stdio: ["ignore", "pipe", "ignore"], detached: true });
  await new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => /locked/.test(chunk.toString()) && resolve()));
  await fs.writeFile(file, `${child.pid} test\n`);
  return {
    pid: child.pid ?? 0,
    kill: () =>
      new Promise((resolve) => {
        child.once("close", () => resolve());
        // The whole group, as when a run is killed with everything it started: nobody is left to unlock.
        process.kill(-(child.pid ?? 0), "SIGKILL");
      }),
  };
}

describe("acquireLock", () => {
  it("makes a second run say at once what it waits for, then refuse with a clear message; a released lock is free again", async () => {
    const file = path.join(dir, "lock");
    const first = await acquireLock(file, { waitMs: 1000, what: "the test tree" });
    const waits: string[] = [];
    const started = Date.now();
    await expect(acquireLock(file, { waitMs: 600, what: "the test tree", onWait: (message) => waits.push(message) })).rejects.toThrow(
      new RegExp(`another prosody-manager \\(pid ${process.pid}\\) is changing the test tree; gave up waiting`),
    );
    expect(waits).toEqual([expect.stringMatching(new RegExp(`waiting for another prosody-manager \\(pid ${process.pid}\\) to finish with the test tree`))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await first.release();
    const again = await acquireLock(file, { waitMs: 100 });
    await again.release();
  });

  it("treats a lock file left by a dead run, an empty one and an unreadable one as free", async () => {
    const file = path.join(dir, "lock");
    for (const content of [`${2 ** 22 + 1}\n`, "", "\u0000\u0000garbage"]) {
      await fs.writeFile(file, content);
      const waits: string[] = [];
      const lock = await acquireLock(file, { waitMs: 100, onWait: (message) => waits.push(message) });
      expect(waits).toEqual([]);
      expect((await fs.readFile(file, "utf8")).split(" ")[0]).toBe(String(process.pid));
      await lock.release();
    }
  });

  it("is free the moment its holder is killed, with no takeover to race", async () => {
    const file = path.join(dir, "lock");
    const other = await holdInAnotherProcess(file);
    const waiting = acquireLock(file, { waitMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const killedAt = Date.now();
    await other.kill();
    const lock = await waiting;
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await lock.release();
  });

  it("is held by this process alone: no process of its own stays behind, and a child started meanwhile does not keep it", async () => {
    const file = path.join(dir, "lock");
    const before = ourChildren();
    const lock = await acquireLock(file, { waitMs: 1000 });
    expect(ourChildren()).toEqual(before);
    expect(isFree(file)).toBe(false);
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      await lock.release();
      expect(isFree(file)).toBe(true);
      expect(await fs.readFile(file, "utf8")).toBe("");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("is given back by the kernel when the process that took it is killed", async () => {
    const file = path.join(dir, "lock");
    // The real module, bundled for a Node process of its own, which takes the lock and is then killed outright.
    const script = path.join(dir, "holder.cjs");
    buildSync({ entryPoints: [path.resolve("src/system/lock.ts")], bundle: true, platform: "node", format: "cjs", outfile: path.join(dir, "lock.cjs"), logLevel: "silent" });
    await fs.writeFile(script, `require("./lock.cjs").acquireLock(process.argv[2], { waitMs: 1000 }).then(() => { console.log("locked"); setInterval(() => {}, 1000); });`);
    const holder = spawn(process.execPath, [script, file], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => holder.stdout.on("data", (chunk: Buffer) => /locked/.test(chunk.toString()) && resolve()));
    expect(isFree(file)).toBe(false);
    const waits: string[] = [];
    const waiting = acquireLock(file, { waitMs: 20_000, onWait: (message) => waits.push(message) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => (holder.once("close", resolve), holder.kill("SIGKILL")));
    const lock = await waiting;
    expect(waits).toEqual([expect.stringContaining(`another prosody-manager (pid ${holder.pid})`)]);
    await lock.release();
  });

  it("loses no update when many runs contend for one lock", async () => {
    const file = path.join(dir, "lock");
    const counter = path.join(dir, "counter");
    await fs.writeFile(counter, "0");
    const increment = async (): Promise<void> => {
      const lock = await acquireLock(file, { waitMs: 30_000 });
      try {
        const value = Number(await fs.readFile(counter, "utf8"));
        // A read-modify-write with a pause in the middle: without mutual exclusion, updates would be lost.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await fs.writeFile(counter, String(value + 1));
      } finally {
        await lock.release();
      }
    };
    await Promise.all(Array.from({ length: 8 }, increment));
    expect(await fs.readFile(counter, "utf8")).toBe("8");
  }, 60_000);

  it("refuses a symbolic link, a FIFO or a directory where its lock file should be, leaving what they point at untouched", async () => {
    const precious = path.join(dir, "precious");
    await fs.writeFile(precious, "keep me\n");
    const link = path.join(dir, "link.lock");
    await fs.symlink(precious, link);
    await expect(acquireLock(link, { waitMs: 100 })).rejects.toThrow(new RegExp(`${link} is a symbolic link; prosody-manager will not use it as a lock file`));
    expect(await fs.readFile(precious, "utf8")).toBe("keep me\n");
    const fifo = path.join(dir, "fifo.lock");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    await expect(acquireLock(fifo, { waitMs: 100 })).rejects.toThrow(/fifo\.lock is not a plain file/);
    const directory = path.join(dir, "dir.lock");
    await fs.mkdir(directory);
    await expect(acquireLocks([{ file: directory, what: "the tree" }], { waitMs: 100 })).rejects.toThrow(/dir\.lock: /);
  });

  it("names the path and the cause when the lock cannot be created", async () => {
    const blocker = path.join(dir, "file");
    await fs.writeFile(blocker, "");
    await expect(acquireLock(path.join(blocker, "lock"), { waitMs: 100 })).rejects.toThrow(new RegExp(`${blocker}.*: already exists`));
  });
});

/** The commands of this process's children, ps itself aside. */
function ourChildren(): string[] {
  const listed = spawnSync("ps", ["--ppid", String(process.pid), "-o", "comm="], { encoding: "utf8" }).stdout;
  return listed.split("\n").map((line) => line.trim()).filter((name) => name !== "" && name !== "ps");
}

/** Whether another process could take the lock right now (flock answers at once, without waiting). */
function isFree(file: string): boolean {
  return spawnSync("flock", ["--exclusive", "--nonblock", file, "true"]).status === 0;
}

describe("acquireLocks", () => {
  it("holds every lock at once while it runs, and frees every one on release", async () => {
    const files = ["a", "b c", "d'e"].map((name) => path.join(dir, name, "lock"));
    const before = ourChildren();
    const locks = await acquireLocks(files.map((file) => ({ file, what: file })), { waitMs: 1000 });
    // One flock run took them all, when all were free; none stays behind.
    expect(locks).toHaveLength(1);
    expect(ourChildren()).toEqual(before);
    expect(files.map(isFree)).toEqual([false, false, false]);
    expect((await fs.readFile(files[1] ?? "", "utf8")).split(" ")[0]).toBe(String(process.pid));
    for (const lock of locks) await lock.release();
    expect(files.map(isFree)).toEqual([true, true, true]);
  });

  it("with one lock busy, says what it waits for, gives up within the deadline and leaves none of the others held", async () => {
    const files = ["first", "second", "third"].map((name) => path.join(dir, name));
    const other = await holdInAnotherProcess(files[1] ?? "");
    try {
      const waits: string[] = [];
      await expect(acquireLocks(files.map((file) => ({ file, what: `the ${path.basename(file)} tree` })), { waitMs: 400, onWait: (message) => waits.push(message) })).rejects.toThrow(
        new RegExp(`another prosody-manager \\(pid ${other.pid}\\) is changing the second tree`),
      );
      expect(waits).toEqual([expect.stringMatching(/waiting for another prosody-manager .* the second tree/)]);
      expect([files[0], files[2]].map((file) => isFree(file ?? ""))).toEqual([true, true]);
    } finally {
      await other.kill();
    }
    const locks = await acquireLocks(files.map((file) => ({ file, what: file })), { waitMs: 1000 });
    expect(files.map(isFree)).toEqual([false, false, false]);
    for (const lock of locks) await lock.release();
  });
});
