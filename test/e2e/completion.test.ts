import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, makeSandbox, runCli, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

const execFileAsync = promisify(execFile);

let sandbox: Sandbox;
let binDir: string;
let scriptFile: string;

/**
 * Sources the generated script in a real bash, sets COMP_WORDS/COMP_CWORD as readline would for `words` (the last one
 * being completed), calls the completion function and answers COMPREPLY.
 */
async function complete(words: readonly string[], env: Record<string, string> = {}): Promise<string[]> {
  const quoted = words.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ");
  const program = [
    `source '${scriptFile}'`,
    `COMP_WORDS=(${quoted})`,
    "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))",
    "_prosody_manager",
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const { stdout } = await execFileAsync("bash", ["--norc", "--noprofile", "-c", program], {
    env: { PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: sandbox.root, NO_COLOR: "1", ...env },
  });
  return stdout.split("\n").filter((line) => line !== "");
}

beforeAll(async () => {
  sandbox = await makeSandbox({ communityUrl: communityRepo });
  // The script runs the tool by the name the admin typed; a wrapper puts the built CLI on PATH under that name.
  binDir = path.join(sandbox.root, "bin");
  await fs.mkdir(binDir);
  await fs.writeFile(path.join(binDir, "prosody-manager"), `#!/bin/sh\nexec '${process.execPath}' '${cliPath}' "$@"\n`, { mode: 0o755 });
  await fs.appendFile(sandbox.configPath, 'VirtualHost "example.org"\nComponent "conference.example.org" "muc"\nComponent "upload.example.org" "http_file_share"\n');
  const script = await runCli(["completion", "bash"]);
  expect(script.code).toBe(0);
  scriptFile = path.join(sandbox.root, "completion.bash");
  await fs.writeFile(scriptFile, script.stdout);
  expect((await sandbox.run(["module", "sync", "--quiet"])).code).toBe(0);
  expect((await sandbox.run(["module", "install", "pastebin", "--no-config", "--quiet"])).code).toBe(0);
  expect((await sandbox.run(["module", "rocks", "install", "mod_cloud_notify", "--no-config", "--quiet"])).code).toBe(0);
});
afterAll(() => sandbox.cleanup());

describe("bash completion, run by bash", () => {
  it("completes commands and subcommands from the command definitions, hidden ones left out", async () => {
    expect(await complete(["prosody-manager", ""])).toEqual(["module", "config", "doctor", "prosodyctl", "completion", "mirror", "version"]);
    expect(await complete(["prosody-manager", "module", "r"])).toEqual(["remove", "rocks"]);
    expect(await complete(["prosody-manager", "--json", "module", "rocks", "i"])).toEqual(["install"]);
    expect(await complete(["prosody-manager", "__"])).toEqual([]);
  });

  it("completes a command's own options and the global ones", async () => {
    const options = await complete(["prosody-manager", "module", "install", "--"]);
    expect(options).toEqual(expect.arrayContaining(["--rev", "--no-deps", "--enable", "--host", "--config", "--json", "--dry-run"]));
    // Options of other commands stay out: --check is apply's.
    expect(options).not.toContain("--check");
    expect(await complete(["prosody-manager", "module", "search", "--stage", "b"])).toEqual(["beta", "broken"]);
    expect(await complete(["prosody-manager", "completion", ""])).toEqual(["bash", "zsh", "fish"]);
  });

  it("completes module names from the synced catalogue, as typed: short names or mod_ names", async () => {
    const flags = sandbox.flags();
    expect(await complete(["prosody-manager", ...flags, "module", "install", "http_up"])).toEqual(["http_upload", "http_upload_external"]);
    expect(await complete(["prosody-manager", ...flags, "module", "info", "mod_sasl2"])).toEqual(["mod_sasl2", "mod_sasl2_bind2", "mod_sasl2_fast", "mod_sasl2_sm"]);
    // The environment variable works as well as the flag.
    expect(await complete(["prosody-manager", "module", "log", "pasteb"], { PROSODY_MANAGER_CACHE: sandbox.cacheDir })).toEqual(["pastebin"]);
  });

  it("completes installed modules for remove and update, by source", async () => {
    const flags = sandbox.flags();
    expect(await complete(["prosody-manager", ...flags, "module", "remove", ""])).toEqual(["mod_pastebin"]);
    expect(await complete(["prosody-manager", ...flags, "module", "rocks", "remove", "mod_"])).toEqual(["mod_cloud_notify"]);
    expect(await complete(["prosody-manager", ...flags, "module", "update", "mod_"])).toEqual(["mod_cloud_notify", "mod_pastebin"]);
    // A variadic argument keeps completing after the first module.
    expect(await complete(["prosody-manager", ...flags, "module", "update", "pastebin", "cl"])).toEqual(["cloud_notify"]);
  });

  it("completes hosts and components from the Prosody config for --host and --component", async () => {
    const flags = sandbox.flags();
    expect(await complete(["prosody-manager", ...flags, "module", "enable", "pastebin", "--host", ""])).toEqual(["localhost", "example.org"]);
    expect(await complete(["prosody-manager", ...flags, "module", "enable", "pastebin", "--component", ""])).toEqual([
      "conference.example.org",
      "upload.example.org",
    ]);
    // After the host's value, the module argument completes again.
    expect(await complete(["prosody-manager", ...flags, "module", "disable", "--host", "localhost", "paste"])).toEqual(["pastebin"]);
  });

  it("completes nothing rather than failing when there is no catalogue or config", async () => {
    expect(await complete(["prosody-manager", "--cache-dir", path.join(sandbox.root, "nowhere"), "module", "install", "p"])).toEqual([]);
    expect(await complete(["prosody-manager", "--config", path.join(sandbox.root, "missing.cfg.lua"), "module", "enable", "x", "--host", ""])).toEqual([]);
  });
});

const hasZsh = existsSync("/usr/bin/zsh") || existsSync("/bin/zsh");

describe.runIf(hasZsh)("zsh, through bashcompinit", () => {
  /** bashcompinit's compgen -F runs the bash function in sh emulation; zsh's compadd then filters by the typed prefix. */
  async function zshCandidates(words: readonly string[]): Promise<string[]> {
    const quoted = words.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ");
    const script = await runCli(["completion", "zsh"]);
    const file = path.join(sandbox.root, "completion.zsh");
    await fs.writeFile(file, script.stdout);
    const program = [
      `source '${file}'`,
      `local -a words; words=(${quoted}); local CURRENT=\${#words}`,
      'local -a COMP_WORDS; COMP_WORDS=("${words[@]}"); local COMP_CWORD=$((CURRENT - 1))',
      'compgen -F _prosody_manager -- "${words[-1]}"',
    ].join("\n");
    const { stdout } = await execFileAsync("zsh", ["-f", "-c", `f() {\n${program}\n}; f`], {
      env: { PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: sandbox.root, NO_COLOR: "1" },
    });
    const typed = words[words.length - 1] ?? "";
    return stdout.split("\n").filter((line) => line !== "" && line.startsWith(typed));
  }

  it("the same function completes commands, module names and installed modules in zsh", async () => {
    expect(await zshCandidates(["prosody-manager", "module", "r"])).toEqual(["remove", "rocks"]);
    expect(await zshCandidates(["prosody-manager", ...sandbox.flags(), "module", "install", "http_up"])).toEqual(["http_upload", "http_upload_external"]);
    expect(await zshCandidates(["prosody-manager", ...sandbox.flags(), "module", "remove", "mod_"])).toEqual(["mod_pastebin"]);
  });
});

const hasFish = existsSync("/usr/bin/fish");

describe.runIf(hasFish)("fish", () => {
  async function fishComplete(line: string): Promise<string[]> {
    const script = await runCli(["completion", "fish"]);
    const file = path.join(sandbox.root, "completion.fish");
    await fs.writeFile(file, script.stdout);
    const { stdout } = await execFileAsync("fish", ["--no-config", "-c", `source '${file}'; complete -C '${line.replace(/'/g, "\\'")}'`], {
      env: { PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: sandbox.root, NO_COLOR: "1" },
    });
    return stdout.split("\n").filter((entry) => entry !== "").map((entry) => entry.split("\t")[0] ?? "");
  }

  it("completes subcommands, installed modules and config hosts, with the typed global flags", async () => {
    expect(await fishComplete("prosody-manager module r")).toEqual(["remove", "rocks"]);
    const flags = sandbox.flags().join(" ");
    expect(await fishComplete(`prosody-manager ${flags} module rocks remove mod_`)).toEqual(["mod_cloud_notify"]);
    expect(await fishComplete(`prosody-manager ${flags} module enable pastebin --component `)).toEqual(["conference.example.org", "upload.example.org"]);
    // A fixed set of values offers no file names.
    expect(await fishComplete("prosody-manager module search --source ")).toEqual(["community", "rocks"]);
  });
});

describe("other shells", () => {
  it("zsh reuses the bash function through bashcompinit; fish gets complete lines with the same words", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.stdout).toMatch(/^#compdef prosody-manager$/m);
    expect(zsh.stdout).toMatch(/bashcompinit/);
    expect(zsh.stdout).toMatch(/^complete -F _prosody_manager prosody-manager$/m);
    const fish = await runCli(["completion", "fish"]);
    expect(fish.stdout).toMatch(/^complete -c prosody-manager -n 'test \(__prosody_manager_path\) = '\\''module'\\''' -a 'changes'/m);
    expect(fish.stdout).toMatch(/-l host -x -a '\(__prosody_manager_dynamic hosts\)'/);
    const unknown = await runCli(["completion", "tcsh"]);
    expect(unknown.code).toBe(2);
  });
});
