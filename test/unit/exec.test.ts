import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/system/exec.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";
import { processesMentioning } from "../helpers/stalling-server.js";

describe("run", () => {
  it("stops a silent tool after the idle time, with everything it started", async () => {
    // A unique marker in the command lines, to find the tool's own children afterwards.
    const marker = `pm-exec-test-${process.pid}-${Date.now()}`;
    const started = Date.now();
    // The backgrounded subshell is a fork of sh, so it carries the marker too: a grandchild that would outlive a plain kill.
    await expect(run("sh", ["-c", `(sleep 300; true) & sleep 301; : ${marker}`, marker], { idleMs: 500 })).rejects.toThrow(/made no progress for 500ms and was stopped/);
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await processesMentioning(marker)).toEqual([]);
  });

  it("keeps a tool that goes on talking past the idle time, and stops it at the total time", async () => {
    const chatty = await run("sh", ["-c", "for i in 1 2 3 4 5 6; do echo $i; sleep 0.2; done"], { idleMs: 700 });
    expect(chatty.code).toBe(0);
    expect(chatty.stdout.split("\n").filter(Boolean)).toHaveLength(6);
    await expect(run("sh", ["-c", "while :; do echo x; sleep 0.1; done"], { idleMs: 700, timeoutMs: 800 })).rejects.toThrow(/took longer than 800ms/);
  });

  describe("with stdout to a file", () => {
    const scratch = scratchDirs("pm-exec-");

    it("a tool with more to say than a pipe holds finishes while this process is busy, and its output is the result", async () => {
      const dir = scratch();
      const [started, done] = [path.join(dir, "started"), path.join(dir, "done")];
      // 1 MB, then a mark on disk: through a pipe, the tool waits at 64 KB until the event loop reads.
      const running = run("sh", ["-c", ': > "$0"; head -c 1048576 /dev/zero | tr "\\0" x; : > "$1"', started, done], { stdoutFile: path.join(dir, "out") });
      const waitUntil = Date.now() + 10_000;
      while (!existsSync(started) && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 10));
      const nap = new Int32Array(new SharedArrayBuffer(4));
      // Synchronous work, as a first sync's indexing is: no turn of the event loop until the tool is done.
      while (!existsSync(done) && Date.now() < waitUntil) Atomics.wait(nap, 0, 0, 20);
      expect(existsSync(done)).toBe(true);
      const result = await running;
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("x".repeat(1048576));
      expect(readdirSync(dir).sort()).toEqual(["done", "started"]);
    });

    it("the file goes when the tool fails or cannot start, and an existing file is never written over", async () => {
      const dir = scratch();
      const out = path.join(dir, "out");
      const failed = await run("sh", ["-c", "echo partial; echo broken >&2; exit 3"], { stdoutFile: out });
      expect(failed).toMatchObject({ code: 3, stdout: "partial\n", stderr: "broken\n" });
      await expect(run("no-such-program-pm", [], { stdoutFile: out })).rejects.toThrow(/'no-such-program-pm' is not installed/);
      // Node refuses an argument holding a NUL before any process starts.
      await expect(run("sh", ["-c", "echo \u0000"], { stdoutFile: out })).rejects.toThrow();
      expect(readdirSync(dir)).toEqual([]);
      const kept = path.join(dir, "kept");
      writeFileSync(kept, "mine");
      await expect(run("sh", ["-c", "echo second"], { stdoutFile: kept })).rejects.toThrow(/could not create .*kept/);
      expect(readdirSync(dir)).toEqual(["kept"]);
      expect(readFileSync(kept, "utf8")).toBe("mine");
    });
  });

  it("a missing program is one line with the package to install", async () => {
    await expect(run("hg", ["--version"], { env: { PATH: "/nonexistent" } })).rejects.toThrow(/'hg' is not installed or not on PATH/);
  });
});
