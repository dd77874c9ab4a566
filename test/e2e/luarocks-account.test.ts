import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, runProgram, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { haveRoot, haveTools } from "../helpers/requirements.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

// A hostile rocks server (fault injection: the real LuaRocks, a rock no real server should serve): its rock's build
// runs a command, as LuaRocks allows any rock to, and records who ran it. prosodyctl, started as root, runs LuaRocks
// as prosody; prosody-manager must not give the server root either.
const ROCKSPEC = (source: string): string => `package = "mod_probe"
version = "1-1"
source = { url = "file://${source}", dir = "mod_probe" }
description = { summary = "records the account its build runs as" }
dependencies = {}
build = {
   type = "command",
   build_command = "id -u > built-by",
   install_command = "cp built-by $(PREFIX)/built-by",
}
`;

async function tool(program: string, args: readonly string[], cwd: string): Promise<void> {
  const run = await runProgram(program, args, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd }, cwd });
  expect(run.code, `${program} ${args.join(" ")}: ${run.stderr}`).toBe(0);
}

/** A rocks server directory with the one probe rock, packed and indexed by LuaRocks' own tools. */
async function hostileServer(root: string): Promise<string> {
  const source = path.join(root, "probe-src");
  await fs.mkdir(path.join(source, "mod_probe"), { recursive: true });
  await fs.writeFile(path.join(source, "mod_probe", "mod_probe.lua"), "return {}\n");
  const server = path.join(root, "hostile-server");
  await fs.mkdir(server);
  const archive = path.join(server, "mod_probe.tar.gz");
  await tool("tar", ["-czf", archive, "-C", source, "mod_probe"], root);
  await fs.writeFile(path.join(server, "mod_probe-1-1.rockspec"), ROCKSPEC(archive));
  await tool("luarocks", ["pack", "--lua-version=5.4", "mod_probe-1-1.rockspec"], server);
  await fs.rm(path.join(server, "mod_probe-1-1.rockspec"));
  await fs.rm(archive);
  await tool("luarocks-admin", ["make_manifest", "--lua-version=5.4", server], server);
  return server;
}

async function prosodyIds(): Promise<{ uid: number; gid: number }> {
  const line = (await fs.readFile("/etc/passwd", "utf8")).split("\n").find((entry) => entry.startsWith("prosody:")) ?? "";
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function builtBy(sandbox: Sandbox): Promise<string> {
  return (await fs.readFile(path.join(sandbox.installerPath, "lib", "luarocks", "rocks-5.4", "mod_probe", "1-1", "built-by"), "utf8")).trim();
}

describe.runIf(haveTools("luarocks", "luarocks-admin", "prosodyctl") && haveRoot("dropping to the prosody user needs root"))("LuaRocks runs as prosody, as prosodyctl runs it", () => {
  const scratch = scratchDirs("pm-hostile-");
  let sandbox: Sandbox;
  beforeEach(async () => {
    const root = scratch();
    // The server is a local directory: the prosody user must be able to read it.
    await fs.chmod(root, 0o755);
    sandbox = await makeSandbox({ communityUrl: communityRepo, rocksServer: await hostileServer(root) });
    expect((await sandbox.run(["module", "sync"])).code).toBe(0);
  });
  afterEach(() => sandbox.cleanup());

  it("a rock's build commands run as the prosody user, not as root, and the tree stays prosody's", async () => {
    const run = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("LuaRocks runs as root");
    const prosody = await prosodyIds();
    expect(await builtBy(sandbox)).toBe(String(prosody.uid));
    const tree = await fs.stat(sandbox.installerPath);
    expect([tree.uid, tree.gid]).toEqual([prosody.uid, prosody.gid]);

    const doctor = JSON.parse((await sandbox.run(["doctor", "--json"])).stdout) as { checks: { name: string; status: string; detail: string }[] };
    expect(doctor.checks.find((check) => check.name === "luarocks-account")).toMatchObject({ status: "ok", detail: expect.stringContaining(`LuaRocks runs as prosody (uid ${prosody.uid})`) });

    const removed = await sandbox.run(["module", "rocks", "remove", "--no-config", "mod_probe"]);
    expect(removed.code, removed.stderr).toBe(0);
    await expect(fs.stat(path.join(sandbox.installerPath, "lib", "luarocks", "rocks-5.4", "mod_probe"))).rejects.toThrow();
  });

  it("where the prosody user cannot reach the tree, LuaRocks runs as root and the warning says why", async () => {
    // Prosody could not load rocks from there either: the admin hears of it.
    await fs.chmod(sandbox.root, 0o700);
    const run = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`LuaRocks runs as root, not as prosody: prosody cannot pass through ${sandbox.root} (drwx------ 0:0)`);
    expect(await builtBy(sandbox)).toBe("0");
    const doctor = JSON.parse((await sandbox.run(["doctor", "--json"])).stdout) as { checks: { name: string; status: string }[] };
    expect(doctor.checks.find((check) => check.name === "luarocks-account")).toMatchObject({ status: "warn" });
  });

  it("a local rocks server with a file the prosody user cannot read keeps LuaRocks as root, and says which file", async () => {
    const server = sandbox.flags()[sandbox.flags().indexOf("--rocks-server") + 1] ?? "";
    const rock = path.join(server, "mod_probe-1-1.src.rock");
    await fs.chmod(rock, 0o600);
    const run = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`prosody cannot read the rocks server ${server}: ${rock} (-rw------- 0:0)`);
    expect(await builtBy(sandbox)).toBe("0");
  });

  it("runs as the config's prosody_user and prosody_group, as prosodyctl switches to them, and stays root with run_as_root", async () => {
    // Global options: before the first VirtualHost line, where Prosody reads them too.
    const setGlobal = async (lines: string): Promise<void> => fs.writeFile(sandbox.configPath, lines + (await fs.readFile(sandbox.configPath, "utf8")));
    await setGlobal('prosody_user = "nobody"\nprosody_group = "nogroup"\n');
    const run = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(run.code, run.stderr).toBe(0);
    const nobody = { uid: Number((await fs.readFile("/etc/passwd", "utf8")).match(/^nobody:[^:]*:(\d+):/m)?.[1]), gid: Number((await fs.readFile("/etc/group", "utf8")).match(/^nogroup:[^:]*:(\d+):/m)?.[1]) };
    expect(await builtBy(sandbox)).toBe(String(nobody.uid));
    const tree = await fs.stat(sandbox.installerPath);
    expect([tree.uid, tree.gid]).toEqual([nobody.uid, nobody.gid]);

    await setGlobal("run_as_root = true\n");
    expect((await sandbox.run(["module", "rocks", "remove", "--no-config", "mod_probe"])).code).toBe(0);
    const again = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("LuaRocks runs as root");
    expect(await builtBy(sandbox)).toBe("0");
  });

  it("an installer tree that is a symbolic link is not handed over: LuaRocks runs as root into it, as before, and says so", async () => {
    const real = path.join(sandbox.root, "real-tree");
    await fs.mkdir(real);
    await fs.symlink(real, sandbox.installerPath);
    const run = await sandbox.run(["module", "rocks", "install", "--no-config", "mod_probe"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`the installer tree ${sandbox.installerPath} is a symbolic link`);
    expect(await builtBy(sandbox)).toBe("0");
    expect((await fs.lstat(sandbox.installerPath)).isSymbolicLink()).toBe(true);
  });
});
