import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, makeSandbox, type Sandbox } from "../helpers/cli.js";
import { processesMentioning, startStallingServer } from "../helpers/stalling-server.js";

let sandbox: Sandbox;
let stalling: Awaited<ReturnType<typeof startStallingServer>>;
beforeAll(async () => {
  sandbox = await makeSandbox();
  stalling = await startStallingServer();
});
afterAll(async () => {
  await stalling.close();
  await sandbox.cleanup();
});

const TIMEOUT_MS = 2000;

describe("sources that accept and then stall (fault injection)", () => {
  it("sync ends within the configured timeout for both hg and HTTP, leaving no hg behind", async () => {
    const started = Date.now();
    const run = await sandbox.run(["--community-url", stalling.url, "--rocks-server", stalling.url, "module", "sync"], {
      PROSODY_MANAGER_NETWORK_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(stalling.connections()).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toMatch(/could not clone http:\/\/127\.0\.0\.1:\d+\/: .*(timed out|no progress)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // hg's socket timeout plus process start-up on a loaded machine: far below the old ten minutes.
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 2 + 15_000);
    expect(await processesMentioning(`127.0.0.1:${stalling.port}`)).toEqual([]);
  }, 60_000);

  it("killing the CLI mid-clone kills its hg too", async () => {
    const child = spawn(process.execPath, [cliPath, ...sandbox.flags({ communityUrl: stalling.url }), "--cache-dir", `${sandbox.root}/cache-kill`, "module", "sync"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, PROSODY_MANAGER_NETWORK_TIMEOUT_MS: "120000" },
      stdio: "ignore",
    });
    const needle = `127.0.0.1:${stalling.port}`;
    const deadline = Date.now() + 30_000;
    let hg: number[] = [];
    while (Date.now() < deadline) {
      hg = (await processesMentioning(needle)).filter((pid) => pid !== child.pid);
      if (hg.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hg.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await processesMentioning(needle)).toEqual([]);
  }, 60_000);
});
