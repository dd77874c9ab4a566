import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

let sandbox: Sandbox;
let emptyBin: string;
beforeAll(async () => {
  sandbox = await makeSandbox({ communityUrl: communityRepo });
  emptyBin = await fs.mkdtemp(path.join(os.tmpdir(), "pm-empty-bin-"));
});
afterAll(async () => {
  await sandbox.cleanup();
  await fs.rm(emptyBin, { recursive: true, force: true });
});

/** No stack trace, one line of error (plus an optional hint), no subprocess, and the sandbox untouched. */
async function expectRefused(args: string[], code: number, message: RegExp): Promise<void> {
  const before = await snapshotTree(sandbox.root);
  // With nothing on PATH, a command that ran hg, LuaRocks or prosodyctl before refusing would fail with another error.
  const run = await sandbox.run(args, { PATH: emptyBin });
  expect(run.code).toBe(code);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  // One error line; commander may add a "(Did you mean …?)" suggestion, and we may add a hint.
  expect(run.stderr.trim().split("\n").filter((line) => line.startsWith("prosody-manager:")).length).toBe(1);
  expect(await snapshotTree(sandbox.root)).toEqual(before);
}

describe("bad input never reaches the disk or a subprocess", () => {
  for (const name of ["../x", "mod_a/b", "", "x".repeat(300), "mod_ä", "mod_x;rm"]) {
    it(`install '${name.slice(0, 20)}' is a usage error`, async () => {
      await expectRefused(["module", "install", name], 2, /module name/);
    });
  }

  it("a name that looks like an option is an unknown option, not a module", async () => {
    await expectRefused(["module", "install", "-rf"], 2, /unknown option '-rf'/);
  });

  it("a revision that looks like an option is refused", async () => {
    await expectRefused(["module", "install", "mod_pastebin@-r"], 2, /invalid revision/);
  });

  it("an unknown command or flag exits 2", async () => {
    await expectRefused(["module", "instal", "x"], 2, /unknown command 'instal'/);
    await expectRefused(["module", "list", "--bogus"], 2, /unknown option '--bogus'/);
  });

  it("--json errors are one JSON document on stdout too", async () => {
    const run = await sandbox.run(["module", "remove", "mod_nothere", "--json"]);
    expect(run.code).toBe(1);
    expect(parseJson<{ error: { message: string } }>(run).error.message).toMatch(/not installed/);
  });
});

describe("missing tools and unreachable sources", () => {
  it("no hg on PATH is one clear line", async () => {
    const emptyBin = path.join(sandbox.root, "empty-bin");
    await fs.mkdir(emptyBin, { recursive: true });
    const run = await sandbox.run(["module", "sync"], { PATH: emptyBin });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("prosody-manager:"))).toEqual([expect.stringMatching(/'hg' is not installed/)]);
    expect(run.stderr).toMatch(/apt-get install mercurial/);
  });

  it("an unreachable repository is one clear line and leaves no cache", async () => {
    const run = await sandbox.run(["--community-url", "http://127.0.0.1:9/", "module", "sync"]);
    expect(run.code).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("prosody-manager:"));
    expect(errors).toEqual([expect.stringMatching(/could not clone http:\/\/127\.0\.0\.1:9\//)]);
    expect(await snapshotTree(path.join(sandbox.cacheDir, "community"))).toEqual({});
  });
});

describe("help", () => {
  const commands = [
    ["module", "install"], ["module", "search"], ["module", "remove"], ["module", "list"], ["module", "info"], ["module", "sync"], ["module", "update"],
    ["module", "rocks", "install"], ["module", "rocks", "remove"], ["module", "rocks", "list"], ["module", "rocks", "outdated"],
    ["module", "enable"], ["module", "disable"], ["module", "outdated"], ["module", "verify"], ["config", "setup"], ["doctor"],
  ];
  for (const command of commands) {
    it(`${command.join(" ")} --help shows examples`, async () => {
      const run = await sandbox.run([...command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Examples:\n\s+\$ prosody-manager /);
    });
  }
});
