import { describe, expect, it } from "vitest";
import { run } from "../../src/system/exec.js";
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

  it("a missing program is one line with the package to install", async () => {
    await expect(run("hg", ["--version"], { env: { PATH: "/nonexistent" } })).rejects.toThrow(/'hg' is not installed or not on PATH/);
  });
});
