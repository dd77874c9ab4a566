import { execFileSync, spawnSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, repoRoot, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { startProsodyOn, writeProsodyConfig } from "../helpers/prosody.js";
import { havePath } from "../helpers/requirements.js";

const DEBIAN = "/etc/prosody/prosody.cfg.lua";

/** A copy of Debian's config where prosodyctl (running as prosody) can read it, with its conf.d beside it. */
async function debianCopy(sandbox: Sandbox): Promise<string> {
  await fs.mkdir(path.join(sandbox.root, "conf.d"), { recursive: true });
  await fs.writeFile(sandbox.configPath, readFileSync(DEBIAN, "utf8"), { mode: 0o644 });
  return sandbox.configPath;
}

describe.runIf(havePath(DEBIAN, "the prosody package"))("config setup on Debian's prosody.cfg.lua", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    await debianCopy(sandbox);
  });
  afterEach(() => sandbox.cleanup());

  it("--dry-run shows a diff and writes nothing", async () => {
    const before = await fs.readFile(sandbox.configPath, "utf8");
    const run = await sandbox.run(["config", "setup", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\+plugin_server = /m);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(before);
  });

  it("adds the three options as splices, keeps a backup, and is idempotent", async () => {
    const original = await fs.readFile(sandbox.configPath, "utf8");
    const run = parseJson<{ changed: boolean; changes: string[]; applied: boolean; backups: string[] }>(await sandbox.run(["config", "setup", "--json"]));
    expect(run.applied).toBe(true);
    expect(run.changed).toBe(true);
    expect(run.changes).toHaveLength(3);
    expect(await fs.readFile(`${sandbox.configPath}.bak`, "utf8")).toBe(original);
    const edited = await fs.readFile(sandbox.configPath, "utf8");
    // Every original line is still there, in order; only the three option lines are new or changed.
    const newLines = edited.split("\n").filter((line) => !original.split("\n").includes(line));
    expect(newLines).toEqual([
      `plugin_paths = { "/usr/local/lib/prosody/modules", "${sandbox.communityDir}" }`,
      expect.stringMatching(/^plugin_server = "/),
      `installer_plugin_path = "${sandbox.installerPath}"`,
    ]);
    const second = parseJson<{ changed: boolean; changes: string[]; applied: boolean }>(await sandbox.run(["config", "setup", "--json"]));
    expect(second).toMatchObject({ changed: false, changes: [], applied: false });
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(edited);
    const check = spawnSync("prosodyctl", ["--config", sandbox.configPath, "check", "config"], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});

describe("bad configs and bad requests change nothing", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("a malformed config is a clear error and stays as it was", async () => {
    const broken = 'modules_enabled = { "ping"\nVirtualHost "x"\n';
    await fs.writeFile(sandbox.configPath, broken);
    const run = await sandbox.run(["config", "setup"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/prosody\.cfg\.lua:2: the Prosody config has a syntax error/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(broken);
  });

  it("enable refuses a module that is neither built in nor installed", async () => {
    await fs.writeFile(sandbox.configPath, 'modules_enabled = { "ping" }\n');
    const run = await sandbox.run(["module", "enable", "mod_pastebin"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mod_pastebin is neither built into Prosody nor installed/);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe('modules_enabled = { "ping" }\n');
  });

  it("enable of a built-in module for an unknown host is refused; for a real host it creates the list", async () => {
    await fs.writeFile(sandbox.configPath, 'modules_enabled = { "ping" }\nVirtualHost "a.example"\n\tenabled = true\n', { mode: 0o644 });
    const unknown = await sandbox.run(["module", "enable", "mod_uptime", "--host", "b.example"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no VirtualHost "b\.example"/);
    const both = await sandbox.run(["module", "enable", "mod_uptime", "--host", "a", "--component", "b"]);
    expect(both.code).toBe(2);
    const run = await sandbox.run(["module", "enable", "uptime", "--host", "a.example"]);
    expect(run.code).toBe(0);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe('modules_enabled = { "ping" }\nVirtualHost "a.example"\n\tmodules_enabled = { "uptime" }\n\tenabled = true\n');
  });
});

describe("built-in modules when prosodyctl cannot read the config", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  // `prosodyctl about` exits 1 on both configs; the built-in directory comes from the launcher's compiled-in paths.
  for (const [what, config] of [
    ["requires a Lua library that is not installed", 'local lib = require "no_such_library"\nmodules_enabled = { "ping" }\nVirtualHost "a.example"\n'],
    ["Includes a file that is missing", 'modules_enabled = { "ping" }\nInclude "missing.cfg.lua"\nVirtualHost "a.example"\n'],
  ] as const) {
    it(`enable mam works on a config that ${what}`, async () => {
      await fs.writeFile(sandbox.configPath, config, { mode: 0o644 });
      const about = spawnSync("prosodyctl", ["--config", sandbox.configPath, "about"], { encoding: "utf8" });
      expect(about.status).not.toBe(0);
      const run = await sandbox.run(["module", "enable", "mam", "--dry-run"]);
      expect(run.stderr).not.toMatch(/neither built into Prosody nor installed/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\+modules_enabled = \{ "ping", "mam" \}$/m);
    });
  }
});

describe("edits land in the included file that sets the option, and say so", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("conf.d sets the global modules_enabled: enable edits conf.d, the main file stays as it was", async () => {
    const main = 'admins = { }\nInclude "conf.d/*.cfg.lua"\nVirtualHost "a.example"\n';
    await fs.mkdir(path.join(sandbox.root, "conf.d"), { recursive: true });
    await fs.writeFile(sandbox.configPath, main, { mode: 0o644 });
    const modules = path.join(sandbox.root, "conf.d", "01-modules.cfg.lua");
    await fs.writeFile(modules, 'modules_enabled = {\n  "roster";\n  "saslauth";\n  "disco"\n}\n', { mode: 0o644 });
    const run = parseJson<{ changed: boolean; files: string[]; applied: boolean }>(await sandbox.run(["module", "enable", "mam", "--json"]));
    expect(run.applied).toBe(true);
    expect(run.changed).toBe(true);
    expect(run.files).toEqual([modules]);
    expect(await fs.readFile(modules, "utf8")).toBe('modules_enabled = {\n  "roster";\n  "saslauth";\n  "disco";\n  "mam"\n}\n');
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(main);
    const human = await sandbox.run(["module", "disable", "mam"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`in ${modules}`);
    expect(await fs.readFile(modules, "utf8")).toBe('modules_enabled = {\n  "roster";\n  "saslauth";\n  "disco";\n}\n');
  });
});

describe('a config whose global section is Host "*" (as Prosody\'s ejabberd2prosody writes it)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("enable edits the Host \"*\" list and a host's disable goes to its modules_disabled, both past prosodyctl's check", async () => {
    const original = readFileSync(path.join(repoRoot, "test", "fixtures", "configs", "corpus", "ejabberd2prosody", "prosody.cfg.lua"), "utf8");
    await fs.writeFile(sandbox.configPath, original, { mode: 0o644 });
    const enable = parseJson<{ applied: boolean; files: string[] }>(await sandbox.run(["module", "enable", "mam", "--json"]));
    expect(enable).toMatchObject({ applied: true, files: [sandbox.configPath] });
    expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(original.replace('\t\t"ping";\n', '\t\t"ping";\n\t\t"mam";\n'));
    const disable = await sandbox.run(["module", "disable", "disco", "--host", "example.org"]);
    expect(disable.code).toBe(0);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toContain('Host "example.org"\n\tmodules_disabled = { "disco" }\nHost "chat.example.org"');
  });
});

describe("install --enable, real Prosody, disable --reload", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterEach(() => sandbox.cleanup());

  it("the module loads, then is unloaded from the running server without a restart", async () => {
    const files = await writeProsodyConfig(sandbox.root, { pluginPaths: [sandbox.communityDir], modulesEnabled: [] });
    await fs.chmod(files.configPath, 0o644);
    const flags = ["--config", files.configPath];
    const install = await sandbox.run([...flags, "module", "install", "mod_pastebin", "--enable"]);
    expect(install.code).toBe(0);
    expect(install.stderr).toMatch(/config: add "pastebin" to modules_enabled globally/);
    const prosody = await startProsodyOn(files);
    try {
      expect(await prosody.httpGet("/pastebin/no-such-paste")).toMatchObject({ status: 200, body: "Invalid paste id, perhaps it expired?" });
      const loaded = () => execFileSync("prosodyctl", ["--config", files.configPath, "shell", "module", "list", "localhost"], { encoding: "utf8" });
      expect(loaded()).toMatch(/^\s+pastebin$/m);
      const disable = parseJson<{ reload: { done: boolean; how: string }; applied: boolean }>(await sandbox.run([...flags, "module", "disable", "pastebin", "--reload", "--json"]));
      expect(disable.applied).toBe(true);
      expect(disable.reload.done).toBe(true);
      expect(loaded()).not.toMatch(/^\s+pastebin$/m);
      const answer = await prosody.httpGet("/pastebin/no-such-paste").then((reply) => reply.body, (error: Error) => error.message);
      expect(answer).not.toMatch(/Invalid paste id/);
      // Unloaded by the running server, not by a restart: Prosody greeted once.
      expect((await prosody.log()).match(/Hello and welcome to Prosody/g)).toHaveLength(1);
      expect(await fs.readFile(files.configPath, "utf8")).not.toMatch(/"pastebin"/);
    } finally {
      await prosody.stop();
    }
  });

  it("remove of an enabled module disables it first, or refuses with --no-config", async () => {
    const flags = ["--config", sandbox.configPath];
    expect((await sandbox.run([...flags, "module", "install", "mod_pastebin", "--no-config"])).code).toBe(0);
    expect((await sandbox.run([...flags, "module", "enable", "pastebin"])).code).toBe(0);
    const refused = await sandbox.run([...flags, "module", "remove", "mod_pastebin", "--no-config"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/mod_pastebin is enabled in .* \(globally\)/);
    await fs.access(path.join(sandbox.communityDir, "mod_pastebin"));
    const removed = await sandbox.run([...flags, "module", "remove", "mod_pastebin"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/remove "pastebin" from modules_enabled globally/);
    expect(await fs.readFile(sandbox.configPath, "utf8")).not.toMatch(/"pastebin"/);
  });
});

describe("doctor on a broken set-up reports each planted problem", () => {
  it("missing plugin path, an enabled module found nowhere, a shadowed module, a module that does not work here", async () => {
    // Upstream with one more changeset: mod_pastebin's README now says it does not work on Prosody 0.12.
    const upstream = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "pm-doctor-")), "repo");
    execFileSync("hg", ["clone", "-q", communityRepo, upstream]);
    const readme = path.join(upstream, "mod_pastebin", "README.markdown");
    const text = await fs.readFile(readme, "utf8");
    const row = /^.*\b0\.11\b.*Works.*$/m.exec(text)?.[0];
    if (!row) throw new Error("mod_pastebin's README has no 0.11 row to copy");
    await fs.writeFile(readme, text.replace(row, `${row.replace("0.11", "0.12").replace("Works", "Does not work")}\n${row}`));
    execFileSync("hg", ["commit", "-q", "-R", upstream, "-u", "test", "-m", "pastebin breaks on 0.12"]);
    const sandbox = await makeSandbox({ communityUrl: upstream });
    try {
      expect((await sandbox.run(["module", "install", "mod_pastebin", "--no-config"])).code).toBe(0);
      const elsewhere = path.join(sandbox.root, "other-plugins");
      await fs.cp(path.join(sandbox.communityDir, "mod_pastebin"), path.join(elsewhere, "mod_pastebin"), { recursive: true });
      await fs.writeFile(sandbox.configPath, `plugin_paths = { "${elsewhere}" }\nmodules_enabled = { "ping"; "pastebin"; "no_such_module" }\nVirtualHost "localhost"\n`, { mode: 0o644 });
      const run = await sandbox.run(["--community-dir", sandbox.communityDir, "doctor", "--json"]);
      expect(run.code).toBe(1);
      const checks = new Map(parseJson<{ checks: { name: string; status: string; detail: string }[] }>(run).checks.map((check) => [check.name, check]));
      expect(checks.get("plugin_paths")).toMatchObject({ status: "fail", detail: expect.stringContaining(sandbox.communityDir) });
      expect(checks.get("enabled-modules")).toMatchObject({ status: "fail", detail: expect.stringContaining("mod_no_such_module (global)") });
      expect(checks.get("shadowing")).toMatchObject({ status: "warn", detail: expect.stringContaining(`Prosody loads ${elsewhere}/mod_pastebin/mod_pastebin.lua`) });
      expect(checks.get("compatibility")).toMatchObject({ status: "warn", detail: expect.stringContaining('mod_pastebin: "Does not work" on 0.12') });
      expect(checks.get("hg")?.status).toBe("ok");
      const human = await sandbox.run(["doctor"]);
      expect(human.stdout).toMatch(/^✗ plugin_paths: /m);
      expect(human.stdout).toMatch(/^! shadowing: /m);
    } finally {
      await sandbox.cleanup();
      await fs.rm(path.dirname(upstream), { recursive: true, force: true });
    }
  });
});

describe("prosodyctl pass-through", () => {
  it("keeps prosodyctl's exit code and output", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      await fs.writeFile(sandbox.configPath, 'VirtualHost "localhost"\n', { mode: 0o644 });
      const direct = spawnSync("prosodyctl", ["--config", sandbox.configPath, "check", "config"], { encoding: "utf8" });
      const through = await sandbox.run(["prosodyctl", "check", "config"]);
      expect(through.code).toBe(direct.status);
      expect(through.stdout).toContain("Checking config");
    } finally {
      await sandbox.cleanup();
    }
  });
});
