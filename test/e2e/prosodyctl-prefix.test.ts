import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { haveTools } from "../helpers/requirements.js";

// The runuser form is real here (we are root, Prosody's user exists). A logging wrapper in front of it records the
// argv each prosodyctl call got, then execs it unchanged, so the test sees the prefix really was used.
describe.runIf(haveTools("prosodyctl", "runuser"))("--prosodyctl / PROSODY_MANAGER_PROSODYCTL", () => {
  let sandbox: Sandbox;
  let wrapper: string;
  let log: string;
  const RUNUSER = "runuser -u prosody -- prosodyctl";
  const calls = async (): Promise<string[]> => (await fs.readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean);

  beforeEach(async () => {
    sandbox = await makeSandbox();
    log = path.join(sandbox.root, "prosodyctl-calls.log");
    wrapper = path.join(sandbox.root, "log-and-run");
    await fs.writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec "$@"\n`, { mode: 0o755 });
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it("the pass-through runs prosodyctl through the prefix, with the config, keeping its output and exit code", async () => {
    const run = await sandbox.run(["--prosodyctl", `${wrapper} ${RUNUSER}`, "prosodyctl", "about"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Prosody 0\.12/m);
    expect(await calls()).toEqual([`${RUNUSER} --config ${sandbox.configPath} about`]);
  });

  it("a config edit's check config goes through the prefix from the environment variable", async () => {
    await fs.writeFile(sandbox.configPath, 'modules_enabled = { "ping" }\nVirtualHost "localhost"\n');
    const run = await sandbox.run(["config", "setup", "--json"], { PROSODY_MANAGER_PROSODYCTL: `${wrapper}   ${RUNUSER}` });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ applied: true });
    const checks = (await calls()).filter((line) => line.endsWith("check config"));
    // Once before the edit (the baseline) and once after, both as the prosody user.
    expect(checks).toEqual([`${RUNUSER} --config ${sandbox.configPath} check config`, `${RUNUSER} --config ${sandbox.configPath} check config`]);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toMatch(/plugin_server = /);
  });

  it("the flag wins over the environment; a prefix that does not exist fails in one line", async () => {
    const run = await sandbox.run(["--prosodyctl", "/nonexistent/prosodyctl", "prosodyctl", "about"], { PROSODY_MANAGER_PROSODYCTL: `${wrapper} ${RUNUSER}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/'\/nonexistent\/prosodyctl' is not installed/);
    expect(await calls()).toEqual([]);
  });

  it("doctor reads Prosody's version through the prefix", async () => {
    const run = await sandbox.run(["doctor", "--json"], { PROSODY_MANAGER_PROSODYCTL: `${wrapper} ${RUNUSER}` });
    expect(run.stdout).toMatch(/Prosody 0\.12/);
    expect(await calls()).toContain(`${RUNUSER} about`);
  });
});
