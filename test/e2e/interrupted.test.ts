import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, installedTrees, makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory } from "../helpers/fixture-paths.js";

/** Starts a changing command that stops at `point` (a test-only pause), then kills it there with `signal`. */
async function killAt(sandbox: Sandbox, args: readonly string[], point: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...sandbox.flags(), ...args], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, NO_COLOR: "1", PROSODY_MANAGER_TEST_PAUSE: point },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, sig) => resolve({ code, signal: sig })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never paused at ${point}: ${stderr}`)), 120_000);
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`test pause at ${point}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill(signal);
  return { ...(await exited), stderr };
}

/** Files and directories a change leaves only while it runs: staging, moved-aside copies, tree backups, the journal. */
async function debris(sandbox: Sandbox): Promise<string[]> {
  const out: string[] = [];
  for (const dir of [sandbox.root, sandbox.communityDir]) {
    for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
      if (/^\.(staging\.stage|.*\.old-|.*\.backup-|.*\.journal$)/.test(entry)) out.push(path.join(dir, entry));
    }
  }
  return out;
}

/** What a change may touch: the module trees, the config, and the lockfile beside it (the default place). */
async function installedState(sandbox: Sandbox): Promise<{ community: Record<string, string>; rocks: Record<string, string>; config: string; lockfile: string }> {
  const lockfile = path.join(path.dirname(sandbox.configPath), "prosody-manager.lock.json");
  return { ...(await installedTrees(sandbox)), config: await fs.readFile(sandbox.configPath, "utf8"), lockfile: await fs.readFile(lockfile, "utf8") };
}

/** Before the kill: what each case needs installed (or taken away) so that its command has something to change. */
type Arrange = (sandbox: Sandbox) => Promise<void>;
const nothingMore: Arrange = async () => undefined;

async function runOk(sandbox: Sandbox, args: readonly string[]): Promise<void> {
  const run = await sandbox.run(args);
  if (run.code !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
}

describe("a run killed in the middle of a change", () => {
  /** The pause point, the command, what it needs first, and the exit code of `apply --check` and `verify` once healed. */
  const cases: [string, string[], Arrange, number?][] = [
    ["staged", ["module", "install", "mod_sasl2_fast"], nothingMore],
    ["swapping", ["module", "install", "mod_sasl2_fast"], nothingMore],
    ["rocks", ["module", "rocks", "install", "mod_sasl2_fast"], nothingMore],
    // The config edit is the last step: killed after it, the files and the config go back together.
    ["configured", ["module", "install", "mod_sasl2_fast", "--enable"], nothingMore],
    ["configured", ["module", "rocks", "install", "mod_sasl2_fast", "--enable"], nothingMore],
    ["swapping", ["module", "remove", "mod_pastebin"], nothingMore],
    ["configured", ["module", "remove", "mod_pastebin"], (sandbox) => runOk(sandbox, ["module", "enable", "mod_pastebin"])],
    ["rocks", ["module", "rocks", "remove", "mod_cloud_notify"], nothingMore],
    ["configured", ["module", "rocks", "remove", "mod_cloud_notify"], (sandbox) => runOk(sandbox, ["module", "enable", "mod_cloud_notify"])],
    [
      "swapping",
      ["module", "update", "mod_pastebin"],
      async (sandbox) => {
        const first = (await loadHistory()).revisions[0];
        if (!first) throw new Error("fixture history is empty");
        await runOk(sandbox, ["module", "install", "--force", `mod_pastebin@${first.short}`]);
        await runOk(sandbox, ["module", "unpin", "mod_pastebin"]);
      },
    ],
    // Migrate is one plan over both sources: killed with the rock removed and the community copy not yet placed.
    ["rocks", ["module", "migrate", "mod_cloud_notify", "--to", "community"], nothingMore],
    ["configured", ["module", "migrate", "mod_cloud_notify", "--to", "community"], (sandbox) => runOk(sandbox, ["module", "enable", "mod_cloud_notify"])],
    // A module deleted by hand is drift that apply repairs: healed, the drift is still there (exit 1) until apply runs.
    ["staged", ["module", "apply"], (sandbox) => fs.rm(path.join(sandbox.communityDir, "mod_pastebin"), { recursive: true }), 1],
  ];
  it.each(cases)("kill -9 at %s of %j: the next changing command undoes it, no debris, state as before", async (point, args, arrange, driftCode = 0) => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      expect((await sandbox.run(["module", "install", "mod_pastebin"])).code).toBe(0);
      expect((await sandbox.run(["module", "rocks", "install", "mod_cloud_notify"])).code).toBe(0);
      await arrange(sandbox);
      const before = await installedState(sandbox);

      const killed = await killAt(sandbox, args, point, "SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      const doctor = JSON.parse((await sandbox.run(["doctor", "--json"])).stdout) as { checks: { name: string; status: string; detail: string }[] };
      expect(doctor.checks.find((check) => check.name === "debris")).toMatchObject({ status: "warn", detail: expect.stringMatching(/an interrupted run left/) });

      const next = await sandbox.run(["module", "apply", "--check"]);
      expect(next.stderr).toMatch(/an earlier run \(pid \d+, .*\) was interrupted; its change was undone/);
      expect(next.code).toBe(driftCode);
      expect(await debris(sandbox)).toEqual([]);
      expect(await installedState(sandbox)).toEqual(before);
      expect((await sandbox.run(["module", "verify"])).code).toBe(driftCode);
      // And the change itself works afterwards.
      expect((await sandbox.run(args)).code).toBe(0);
    } finally {
      await sandbox.cleanup();
    }
  });

  it.each([
    ["module", "install", "mod_sasl2_fast", "--enable"],
    ["module", "rocks", "install", "mod_sasl2_fast", "--enable"],
  ])("kill -9 once %s %s %s had committed: the change stands, the lockfile and config with it", async (...args) => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      const killed = await killAt(sandbox, args, "committed", "SIGKILL");
      expect(killed.signal).toBe("SIGKILL");
      const next = await sandbox.run(["module", "apply", "--check"]);
      expect(next.stderr).toMatch(/was interrupted; its change stands, leftovers removed/);
      // The lockfile was written before the change stood: it holds what is on disk, so there is no drift to undo.
      expect(next.code).toBe(0);
      expect(await debris(sandbox)).toEqual([]);
      const state = await installedState(sandbox);
      const locked = JSON.parse(state.lockfile) as { community?: Record<string, unknown>; rocks?: Record<string, unknown> };
      expect(Object.keys(args[1] === "rocks" ? (locked.rocks ?? {}) : (locked.community ?? {}))).toContain("mod_sasl2_fast");
      expect(state.config).toMatch(/"sasl2_fast"/);
      expect((await sandbox.run(["module", "verify"])).code).toBe(0);
    } finally {
      await sandbox.cleanup();
    }
  });

  it("a temporary file a killed write left beside the config is named by doctor and removed by the next change", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      // The pid of a process that has exited: what a write killed between writing and renaming leaves in its name.
      const gone = spawn(process.execPath, ["-e", "0"]);
      const pid = gone.pid ?? 0;
      await new Promise((resolve) => gone.on("close", resolve));
      const leftover = path.join(path.dirname(sandbox.configPath), `.${path.basename(sandbox.configPath)}.tmp-${pid}-deadbeef`);
      await fs.writeFile(leftover, "half a config");
      const doctor = JSON.parse((await sandbox.run(["doctor", "--json"])).stdout) as { checks: { name: string; status: string; detail: string }[] };
      expect(doctor.checks.find((check) => check.name === "debris")?.detail).toContain(leftover);
      const next = await sandbox.run(["module", "install", "mod_pastebin"]);
      expect(next.code).toBe(0);
      expect(next.stderr).toContain(`removed ${leftover}, left by an interrupted write`);
      await expect(fs.access(leftover)).rejects.toThrow();
    } finally {
      await sandbox.cleanup();
    }
  });

  it("Ctrl-C (SIGINT) in the middle puts everything back at once", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      expect((await sandbox.run(["module", "rocks", "install", "mod_cloud_notify"])).code).toBe(0);
      const before = await installedState(sandbox);
      const killed = await killAt(sandbox, ["module", "rocks", "install", "mod_sasl2_fast"], "rocks", "SIGINT");
      expect(killed.code).toBe(130);
      expect(await debris(sandbox)).toEqual([]);
      expect(await installedState(sandbox)).toEqual(before);
    } finally {
      await sandbox.cleanup();
    }
  });
});
