import { promises as fs } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";

// Over ssh, hg's abort line says only "no suitable response from remote hg"; ssh's own words come before it as
// `remote:` lines (a refused connection here; an unknown host, a refused key or a missing ssh client elsewhere).
describe("a community URL over ssh that cannot be reached", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    sandbox = await makeSandbox({ communityUrl: "ssh://127.0.0.1:1/prosody-modules" });
  });
  afterAll(() => sandbox.cleanup());

  it("fails the clone with what ssh said, in one line, and keeps nothing half made", async () => {
    const run = await sandbox.run(["module", "sync"]);
    expect(run.code).toBe(1);
    const line = run.stderr.split("\n").find((text) => text.startsWith("prosody-manager: could not clone"));
    expect(line).toMatch(/^prosody-manager: could not clone ssh:\/\/127\.0\.0\.1:1\/prosody-modules: abort: no suitable response from remote hg \(.+\)$/);
    expect(run.stderr).not.toMatch(/^remote:/m);
    const left = await fs.readdir(sandbox.cacheDir).catch(() => []);
    expect(left.filter((name) => name.includes("community"))).toEqual([]);
  });
});
