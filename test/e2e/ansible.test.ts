import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, cliPath, makeSandbox, repoRoot, runProgram, type Sandbox, snapshotTree } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { haveTools } from "../helpers/requirements.js";

const PLAYBOOK = path.join(repoRoot, "contrib", "ansible", "playbook.yml");

interface Recap {
  ok: number;
  changed: number;
  failed: number;
}

/** `localhost : ok=5 changed=1 unreachable=0 failed=0 …`, the line Ansible ends every run with. */
function recap(run: CliRun): Recap {
  const line = /^localhost\s+:\s+(.*)$/m.exec(run.stdout)?.[1];
  if (!line) throw new Error(`no PLAY RECAP for localhost (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  const count = (key: string): number => Number(new RegExp(`\\b${key}=(\\d+)`).exec(line)?.[1] ?? Number.NaN);
  return { ok: count("ok"), changed: count("changed"), failed: count("failed") };
}

// Debian's ansible-core runs the role shipped in contrib/ansible against this machine (connection: local), on a
// sandboxed Prosody config and directories passed as extra vars; it installs the built CLI bundle itself.
describe.runIf(haveTools("hg", "luarocks", "ansible-playbook"))("the Ansible role applies a lockfile", () => {
  let source: Sandbox;
  let target: Sandbox;
  let varsFile: string;

  const playbook = (...extra: string[]): Promise<CliRun> =>
    runProgram("ansible-playbook", ["-i", path.join(target.root, "inventory"), "-e", `@${varsFile}`, ...extra, PLAYBOOK], {
      cwd: target.root,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: target.root, ANSIBLE_NOCOLOR: "1", ANSIBLE_LOCAL_TEMP: path.join(target.root, "ansible-tmp"), ANSIBLE_REMOTE_TEMP: path.join(target.root, "ansible-tmp") },
    });
  const trees = async (): Promise<Record<string, string>> => ({
    ...(await snapshotTree(target.communityDir)),
    ...Object.fromEntries(Object.entries(await snapshotTree(target.installerPath)).map(([file, content]) => [`rocks/${file}`, content])),
  });

  beforeAll(async () => {
    source = await makeSandbox({ communityUrl: communityRepo });
    for (const args of [["module", "install", "mod_sasl2_fast"], ["module", "rocks", "install", "mod_cloud_notify"]]) {
      const run = await source.run(args);
      if (run.code !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
    }
    target = await makeSandbox({ communityUrl: communityRepo });
    await fs.writeFile(path.join(target.root, "inventory"), "[prosody]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
    varsFile = path.join(target.root, "vars.json");
    await fs.writeFile(
      varsFile,
      JSON.stringify({
        prosody_become: false,
        lockfile: path.join(source.root, "prosody-manager.lock.json"),
        prosody_modules_lockfile: path.join(target.root, "prosody-manager.lock.json"),
        prosody_modules_tool_src: path.join(path.dirname(cliPath), "prosody-manager.tar.gz"),
        prosody_modules_tool_dest: path.join(target.root, "opt", "prosody-manager"),
        prosody_modules_node: process.execPath,
        prosody_modules_global_args: target.flags(),
        prosody_modules_environment: { NO_COLOR: "1" },
      }),
    );
  });
  afterAll(async () => {
    await source?.cleanup();
    await target?.cleanup();
  });

  it("first run: changed, installs the tool, the lockfile and every locked module", async () => {
    const run = await playbook();
    expect(run.code, run.stdout).toBe(0);
    expect(recap(run)).toMatchObject({ failed: 0, changed: 4 });
    expect(run.stdout).toMatch(/TASK \[prosody_modules : Apply the lockfile[^\n]*\n(?:[^\n]*\n)?changed: \[localhost\]/);
    await expect(fs.access(path.join(target.root, "opt", "prosody-manager", "prosody-manager.js"))).resolves.toBeUndefined();
    await expect(fs.access(path.join(target.root, "opt", "prosody-manager", "lib", "prosody-manager.cjs"))).resolves.toBeUndefined();
    expect(await fs.readFile(path.join(target.root, "prosody-manager.lock.json"), "utf8")).toBe(await fs.readFile(path.join(source.root, "prosody-manager.lock.json"), "utf8"));
    expect((await fs.readdir(target.communityDir)).filter((name) => name.startsWith("mod_")).sort()).toEqual(["mod_sasl2", "mod_sasl2_fast"]);
    await expect(fs.access(path.join(target.installerPath, "share", "lua", "5.4", "mod_cloud_notify.lua"))).resolves.toBeUndefined();
    expect((await target.run(["module", "apply", "--check"])).code).toBe(0);
  });

  it("second run: ok, changed=0, nothing on disk changes", async () => {
    const before = await trees();
    const run = await playbook();
    expect(run.code, run.stdout).toBe(0);
    expect(recap(run)).toMatchObject({ failed: 0, changed: 0 });
    expect(await trees()).toEqual(before);
  });

  it("check mode on a drifted machine reports the drift as changed and changes nothing; a real run repairs it", async () => {
    await fs.rm(path.join(target.communityDir, "mod_sasl2"), { recursive: true });
    const drifted = await trees();
    const check = await playbook("--check");
    expect(check.code, check.stdout).toBe(0);
    expect(recap(check)).toMatchObject({ failed: 0, changed: 1 });
    expect(check.stdout).toMatch(/TASK \[prosody_modules : Apply the lockfile[^\n]*\n(?:[^\n]*\n)?changed: \[localhost\]/);
    expect(await trees()).toEqual(drifted);

    const repair = await playbook();
    expect(recap(repair)).toMatchObject({ failed: 0, changed: 1 });
    await expect(fs.access(path.join(target.communityDir, "mod_sasl2", "mod_sasl2.lua"))).resolves.toBeUndefined();
  });

  it("check mode with a new lockfile checks against it without placing it", async () => {
    const placed = await fs.readFile(path.join(target.root, "prosody-manager.lock.json"), "utf8");
    const next = JSON.parse(placed) as { rocks: Record<string, { version: string; treeHash: string | null }> };
    const rock = next.rocks.mod_cloud_notify;
    if (!rock) throw new Error("no mod_cloud_notify rock in the lockfile");
    rock.version = "1-1";
    rock.treeHash = null;
    const nextFile = path.join(target.root, "next.lock.json");
    await fs.writeFile(nextFile, JSON.stringify(next));
    const before = await trees();
    const check = await playbook("--check", "-e", `lockfile=${nextFile}`);
    expect(recap(check)).toMatchObject({ failed: 0 });
    expect(check.stdout).toMatch(/TASK \[prosody_modules : Apply the lockfile[^\n]*\n(?:[^\n]*\n)?changed: \[localhost\]/);
    expect(await fs.readFile(path.join(target.root, "prosody-manager.lock.json"), "utf8")).toBe(placed);
    expect(await trees()).toEqual(before);
  });

  it("a broken lockfile fails the play, in check mode too", async () => {
    const broken = path.join(target.root, "broken.lock.json");
    await fs.writeFile(broken, "{ not json");
    for (const mode of [[], ["--check"]]) {
      const run = await playbook("-e", `lockfile=${broken}`, ...mode);
      expect(run.code).not.toBe(0);
      expect(recap(run).failed).toBe(1);
      expect(run.stdout).toMatch(/is not valid JSON/);
    }
  });
});
