import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

interface DoctorJson {
  ok: boolean;
  checks: { name: string; status: string; detail: string; hint: string | null }[];
}

const checksOf = (json: DoctorJson): Map<string, DoctorJson["checks"][number]> => new Map(json.checks.map((check) => [check.name, check]));
const isRoot = process.getuid?.() === 0;

describe("doctor", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterEach(() => sandbox.cleanup());

  it("with a config it cannot read, reports that as one failed check and still runs the others (exit 1)", async () => {
    await fs.writeFile(sandbox.configPath, 'plugin_server = "x"\nmodules_enabled = { "disco"\nVirtualHost "localhost"\n');
    const run = await sandbox.run(["doctor", "--json"]);
    expect(run.code).toBe(1);
    const checks = checksOf(parseJson<DoctorJson>(run));
    expect(checks.get("config")).toMatchObject({ status: "fail", detail: expect.stringMatching(/syntax error.*the checks that need the config were skipped/) });
    for (const name of ["hg", "luarocks", "prosodyctl", "installer_path", "debris"]) expect(checks.has(name), name).toBe(true);
    expect(checks.get("hg")?.status).toBe("ok");
    const human = await sandbox.run(["doctor"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^✗ config: /m);
    expect(human.stdout).toMatch(/^✓ hg: /m);
    expect(`${human.stdout}${human.stderr}`).not.toMatch(/\n\s+at /);
  });

  it("prints string options as their value, from the assignment Prosody keeps", async () => {
    await fs.writeFile(
      sandbox.configPath,
      [
        'plugin_server = "https://old.example/rocks/"',
        `plugin_paths = { "${sandbox.communityDir}" }`,
        `installer_plugin_path = "${sandbox.installerPath}"`,
        'plugin_server = "http://127.0.0.1:9/rocks/"',
        'VirtualHost "localhost"',
        "",
      ].join("\n"),
    );
    const checks = checksOf(parseJson<DoctorJson>(await sandbox.run(["doctor", "--json"])));
    expect(checks.get("plugin_server")).toMatchObject({ status: "ok", detail: "plugin_server = http://127.0.0.1:9/rocks/" });
    expect(checks.get("installer_plugin_path")).toMatchObject({ status: "ok", detail: `installer_plugin_path = ${sandbox.installerPath}` });
  });

  it("says whether Prosody runs, from the config's pidfile as prosodyctl status reads it", async () => {
    const pidfile = path.join(sandbox.root, "data", "prosody.pid");
    const config = (lines: string[]): Promise<void> => fs.writeFile(sandbox.configPath, [`plugin_paths = { "${sandbox.communityDir}" }`, ...lines, 'VirtualHost "localhost"', ""].join("\n"));
    const running = async (): Promise<DoctorJson["checks"][number] | undefined> => checksOf(parseJson<DoctorJson>(await sandbox.run(["doctor", "--json"]))).get("prosody-running");

    await config([]);
    expect(await running()).toMatchObject({ status: "warn", detail: "cannot tell whether Prosody runs: the config names no pidfile that mod_posix writes", hint: expect.stringContaining("pidfile =") });
    // Relative to the data directory, as mod_posix writes it.
    await config([`data_path = "${path.join(sandbox.root, "data")}"`, 'pidfile = "prosody.pid"']);
    expect(await running()).toMatchObject({ status: "warn", detail: `Prosody is not running (${pidfile} is not there)` });
    await fs.mkdir(path.dirname(pidfile), { recursive: true });
    await fs.writeFile(pidfile, `${process.pid}\n`);
    expect(await running()).toMatchObject({ status: "ok", detail: `Prosody runs (pid ${process.pid}, from ${pidfile})` });
  });

  it.runIf(isRoot)("flags a plugin path the prosody user cannot read, with the command that fixes it", async () => {
    expect((await sandbox.run(["module", "install", "mod_pastebin", "--no-config"])).code).toBe(0);
    const readable = checksOf(parseJson<DoctorJson>(await sandbox.run(["doctor", "--json"])));
    expect(readable.get("plugin_access")).toMatchObject({ status: "ok", detail: expect.stringContaining(sandbox.communityDir) });

    await fs.chmod(sandbox.communityDir, 0o700);
    const run = await sandbox.run(["doctor", "--json"]);
    expect(run.code).toBe(1);
    const access = checksOf(parseJson<DoctorJson>(run)).get("plugin_access");
    expect(access).toMatchObject({ status: "fail", detail: expect.stringContaining(`${sandbox.communityDir} (drwx------ 0:0)`), hint: `chmod -R a+rX ${sandbox.communityDir}` });

    // A file closed by a umask of 077 at copy time is named too, and the same fix opens it.
    await fs.chmod(sandbox.communityDir, 0o755);
    const lua = path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua");
    await fs.chmod(lua, 0o600);
    const file = checksOf(parseJson<DoctorJson>(await sandbox.run(["doctor", "--json"]))).get("plugin_access");
    expect(file).toMatchObject({ status: "fail", detail: expect.stringContaining(`${lua} (-rw------- 0:0)`) });
    const human = await sandbox.run(["doctor"]);
    expect(human.stdout).toMatch(new RegExp(`^✗ plugin_access: .*\\n    hint: chmod -R a\\+rX ${sandbox.communityDir}$`, "m"));
  });
});
