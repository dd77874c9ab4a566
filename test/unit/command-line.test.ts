import { describe, expect, it } from "vitest";
import type { CommandInput, CommandSpec } from "../../src/cli/command.js";
import { parseCommandLine } from "../../src/cli/command-line.js";
import { moduleEnable } from "../../src/cli/commands/module-enable.js";
import { moduleInstall } from "../../src/cli/commands/module-install.js";
import { moduleLogCommand } from "../../src/cli/commands/module-log.js";
import { moduleRocksList } from "../../src/cli/commands/module-rocks-list.js";
import { moduleSearch } from "../../src/cli/commands/module-search.js";
import { GLOBAL_OPTIONS } from "../../src/cli/global-options.js";
import { runCli } from "../../src/cli/program.js";
import { type CliIo, runCommand } from "../../src/cli/run-command.js";
import type { GlobalFlags } from "../../src/app/context.js";

interface Seen {
  flags: GlobalFlags;
  input: CommandInput;
}

/** The spec with a run that only records what it was given. */
function recording(spec: CommandSpec, seen: Seen[]): CommandSpec {
  return { ...spec, asksFirst: false, run: async (ctx, input) => (seen.push({ flags: ctx.flags, input }), { json: {}, text: "" }) };
}

function io(env: NodeJS.ProcessEnv): CliIo {
  return { stdout: { write: () => true, isTTY: false }, stderr: { write: () => true, isTTY: false }, env, cwd: "/" };
}

async function byCommander(spec: CommandSpec, argv: string[], env: NodeJS.ProcessEnv): Promise<Seen | undefined> {
  const seen: Seen[] = [];
  // commander reads the global options' variables from process.env itself.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    await runCli(argv, io(env), [recording(spec, seen)]);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return seen[0];
}

async function byStartup(spec: CommandSpec, argv: string[], env: NodeJS.ProcessEnv): Promise<Seen | undefined> {
  const parsed = parseCommandLine(argv, spec, GLOBAL_OPTIONS, env);
  if (!parsed) return undefined;
  const seen: Seen[] = [];
  await runCommand(recording(spec, seen), io(env), parsed.rootOptions, parsed.input);
  return seen[0];
}

const READ: [CommandSpec, string[], NodeJS.ProcessEnv?][] = [
  [moduleSearch, ["module", "search", "muc"]],
  [moduleSearch, ["--json", "module", "search", "http", "upload", "--stage", "beta", "--no-color"]],
  [moduleSearch, ["module", "--cache-dir", "/c", "search", "--source=rocks", "push", "--installed", "--quiet"]],
  [moduleSearch, ["module", "search"]],
  [moduleSearch, ["module", "search", "--", "--json"]],
  [moduleInstall, ["module", "install", "mod_a", "mod_b@abc", "--no-deps", "--force", "--config", "/etc/p.cfg.lua", "--no-config"]],
  [moduleInstall, ["--config=/x.cfg.lua", "module", "install", "--rev", "abc", "--json", "mod_a", "--dry-run", "--yes"]],
  [moduleInstall, ["module", "install", "--cache-dir", "--force", "mod_a"]],
  [moduleInstall, ["module", "install", "mod_a"], { PROSODY_CONFIG: "/env.cfg.lua", PROSODY_MANAGER_CACHE: "" }],
  [moduleInstall, ["--config", "/flag.cfg.lua", "module", "install", "mod_a"], { PROSODY_CONFIG: "/env.cfg.lua" }],
  [moduleLogCommand, ["module", "log", "pastebin", "--limit", "3", "--prosodyctl", "runuser -u prosody -- prosodyctl"]],
  [moduleEnable, ["module", "enable", "mod_a", "--host", "example.org", "--reload", "--lockfile", "/l.json"]],
  [moduleRocksList, ["--installer-path", "/t", "--rocks-server", "/r", "module", "rocks", "list", "--community-url", "/u", "--community-dir", "/d"]],
];

describe("the startup's own command-line parser", () => {
  it("reads every line it accepts exactly as commander does", async () => {
    for (const [spec, argv, env = {}] of READ) {
      const startup = await byStartup(spec, argv, env);
      expect(startup, argv.join(" ")).toBeDefined();
      expect(startup, argv.join(" ")).toEqual(await byCommander(spec, argv, env));
    }
  });

  it("leaves to commander what needs its words: help, version, unknown or misplaced options, missing values or arguments", () => {
    const declined: [CommandSpec, string[]][] = [
      [moduleSearch, ["module", "search", "--help"]],
      [moduleSearch, ["module", "search", "-h"]],
      [moduleSearch, ["module", "search", "muc", "--version"]],
      [moduleSearch, ["module", "search", "--bogus"]],
      [moduleSearch, ["module", "search", "--stage"]],
      [moduleSearch, ["--installed", "module", "search"]],
      [moduleSearch, ["module", "serch", "muc"]],
      [moduleInstall, ["module", "install"]],
      [moduleInstall, ["module", "install", "--force=yes", "mod_a"]],
      [moduleInstall, ["module", "install", "--rev", "--json", "mod_a"]],
      [moduleLogCommand, ["module", "log", "a", "b"]],
      [moduleRocksList, ["module", "rocks", "list", "extra"]],
    ];
    for (const [spec, argv] of declined) expect(parseCommandLine(argv, spec, GLOBAL_OPTIONS, {}), argv.join(" ")).toBeUndefined();
  });
});
