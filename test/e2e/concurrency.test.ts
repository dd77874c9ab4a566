import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSyncedSandbox, type Sandbox } from "../helpers/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await makeSyncedSandbox();
}, 180_000);
afterAll(() => sandbox.cleanup());

const MODULES = ["mod_atom", "mod_bob", "mod_broadcast", "mod_pastebin"];
const DEAD_PID = `${2 ** 22 + 1}\n`;

/** Where a dead run (killed by the OOM killer, a reboot) would have left its lock files, with its pid in them. */
async function plantStaleLocks(): Promise<void> {
  const beside = (target: string): string => path.join(path.dirname(target), `.${path.basename(target)}.prosody-manager.lock`);
  for (const file of [path.join(sandbox.cacheDir, "prosody-manager.lock"), beside(sandbox.communityDir), beside(sandbox.installerPath), beside(sandbox.configPath)]) {
    await fs.writeFile(file, DEAD_PID);
  }
  // An empty lock, as a full disk used to leave: no holder either.
  await fs.writeFile(path.join(sandbox.root, "empty.lock"), "");
}

async function stateModules(): Promise<string[]> {
  const state = JSON.parse(await fs.readFile(path.join(sandbox.communityDir, ".prosody-manager.json"), "utf8")) as { modules: { name: string }[] };
  return state.modules.map((module) => module.name).sort();
}

describe("concurrent runs lose nothing", () => {
  it("4 concurrent installs of different modules after a stale lock: every one reported done is in the state and on disk", async () => {
    await plantStaleLocks();
    const runs = await Promise.all(MODULES.map((name) => sandbox.run(["module", "install", name, "--no-config", "--no-deps"], { PROSODY_MANAGER_LOCK_WAIT_MS: "120000" })));
    for (const run of runs) expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
    expect(await stateModules()).toEqual(MODULES);
    for (const name of MODULES) expect((await fs.stat(path.join(sandbox.communityDir, name))).isDirectory()).toBe(true);
  }, 240_000);

  it("concurrent enables from two different caches both land in the one config", async () => {
    const otherCache = path.join(sandbox.root, "other-cache");
    await fs.cp(sandbox.cacheDir, otherCache, { recursive: true });
    const enable = (name: string, cache: string): ReturnType<Sandbox["run"]> =>
      sandbox.run(["--cache-dir", cache, "module", "enable", name], { PROSODY_MANAGER_LOCK_WAIT_MS: "120000" });
    const runs = await Promise.all([enable("mod_atom", sandbox.cacheDir), enable("mod_bob", otherCache), enable("mod_broadcast", sandbox.cacheDir), enable("mod_pastebin", otherCache)]);
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
    const config = await fs.readFile(sandbox.configPath, "utf8");
    for (const name of ["atom", "bob", "broadcast", "pastebin"]) expect(config).toMatch(new RegExp(`"${name}"`));
  }, 240_000);

  it("verify calls an installed module with a planted link modified, and never reads what it points to", async () => {
    await fs.rm(path.join(sandbox.communityDir, "mod_atom", "README.md"), { force: true });
    await fs.symlink("/etc/shadow", path.join(sandbox.communityDir, "mod_atom", "README.md"));
    const run = await sandbox.run(["module", "verify", "--json"]);
    expect(run.code).toBe(1);
    const modules = (JSON.parse(run.stdout) as { modules: { name: string; status: string }[] }).modules;
    expect(modules.find((module) => module.name === "mod_atom")?.status).toBe("modified");
    expect(modules.filter((module) => module.status === "ok").map((module) => module.name)).toEqual(["mod_bob", "mod_broadcast", "mod_pastebin"]);
    expect(run.stdout + run.stderr).not.toMatch(/root:/);
  }, 60_000);
});
