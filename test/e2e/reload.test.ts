import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { type RunningProsody, startProsodyOn, writeProsodyConfig } from "../helpers/prosody.js";

describe("--reload keeps a running Prosody in step with install and remove", () => {
  let sandbox: Sandbox;
  let prosody: RunningProsody;
  let flags: string[];
  let configPath: string;
  const loaded = (): string => execFileSync("prosodyctl", ["--config", configPath, "shell", "module", "list", "localhost"], { encoding: "utf8" });

  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    const files = await writeProsodyConfig(sandbox.root, { pluginPaths: [sandbox.communityDir], modulesEnabled: [] });
    await fs.chmod(files.configPath, 0o644);
    configPath = files.configPath;
    flags = ["--config", configPath];
    prosody = await startProsodyOn(files);
  });
  afterAll(async () => {
    await prosody.stop();
    await sandbox.cleanup();
  });

  it("install --enable --reload loads the module into the running server; remove --reload unloads it", async () => {
    expect(loaded()).not.toMatch(/^\s+pastebin$/m);
    const install = await sandbox.run([...flags, "module", "install", "mod_pastebin", "--enable", "--reload", "--json"]);
    expect(install.code, install.stderr).toBe(0);
    expect(parseJson<{ reload: { results: { name: string; action: string; ok: boolean }[] } }>(install).reload.results).toEqual([
      expect.objectContaining({ name: "mod_pastebin", action: "load", ok: true }),
    ]);
    expect(loaded()).toMatch(/^\s+pastebin$/m);
    expect(await prosody.httpGet("/pastebin/no-such-paste")).toMatchObject({ status: 200 });

    const remove = await sandbox.run([...flags, "module", "remove", "mod_pastebin", "--reload"]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(loaded()).not.toMatch(/^\s+pastebin$/m);
    // Done by the running server, not by a restart.
    expect((await prosody.log()).match(/Hello and welcome to Prosody/g)).toHaveLength(1);
  });

  it("a module that fails to load: exit 1 with Prosody's own error, the install and config change kept and said so", async () => {
    const run = await sandbox.run([...flags, "--quiet", "module", "install", "mod_http_upload_external", "--enable", "--reload"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not load mod_http_upload_external .*http_upload_external_base_url/);
    expect(run.stderr).toMatch(/the files and the config change were kept/);
    await expect(fs.access(`${sandbox.communityDir}/mod_http_upload_external/mod_http_upload_external.lua`)).resolves.toBeUndefined();
    expect(await fs.readFile(configPath, "utf8")).toMatch(/"http_upload_external"/);
  });

  it("without --reload it says the running server still has the old code", async () => {
    const run = await sandbox.run([...flags, "module", "install", "mod_sasl2"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/a running Prosody still has the old code: pass --reload, or restart it/);
  });
});

describe("after a change without --reload, where no Prosody runs", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("the config's pidfile is not there: it says Prosody is not running, not that it runs old code", async () => {
    // The config of a server being set up: mod_posix writes this pidfile when Prosody starts, and removes it at stop.
    const files = await writeProsodyConfig(sandbox.root, { pluginPaths: [sandbox.communityDir], modulesEnabled: [] });
    const run = await sandbox.run(["--config", files.configPath, "module", "install", "mod_sasl2"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Prosody is not running (${sandbox.root}/prosody.pid is not there): the change takes effect when it starts`);
    expect(run.stderr).not.toMatch(/still has the old code/);
    // A pidfile naming a live process: Prosody may run, and the hint is back.
    await fs.writeFile(`${sandbox.root}/prosody.pid`, `${process.pid}\n`);
    const again = await sandbox.run(["--config", files.configPath, "module", "install", "mod_pastebin"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/a running Prosody still has the old code: pass --reload, or restart it/);
  });
});
