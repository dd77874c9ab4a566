import { Command, CommanderError, Option } from "commander";
import { EXIT_FAILURE, EXIT_USAGE, describe, isUserError } from "../core/errors.js";
import type { CommandSpec, OptionValues } from "./command.js";
import { type Context, type GlobalFlags, type OutputStream, makeLogger, runEnvironment, wantsColor } from "../app/context.js";
import { renderResult } from "./render.js";
import { PACKAGE_VERSION } from "../version.js";

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
}

const GLOBAL_OPTIONS: readonly { flags: string; env?: string; description: string }[] = [
  { flags: "--config <path>", env: "PROSODY_CONFIG", description: "the Prosody config file" },
  { flags: "--cache-dir <dir>", env: "PROSODY_MANAGER_CACHE", description: "cached sources and the catalogue index" },
  { flags: "--community-url <url>", env: "PROSODY_MANAGER_COMMUNITY_URL", description: "community Mercurial repository (URL or local path)" },
  { flags: "--community-dir <dir>", env: "PROSODY_MANAGER_COMMUNITY_DIR", description: "where community modules are installed" },
  { flags: "--rocks-server <url>", env: "PROSODY_MANAGER_ROCKS_SERVER", description: "rocks server (URL or local path); else plugin_server" },
  { flags: "--installer-path <dir>", env: "PROSODY_MANAGER_INSTALLER_PATH", description: "LuaRocks tree for rocks; else installer_plugin_path" },
  { flags: "--lockfile <path>", env: "PROSODY_MANAGER_LOCKFILE", description: "the lockfile (default: prosody-manager.lock.json beside the Prosody config)" },
  { flags: "--prosodyctl <cmd>", env: "PROSODY_MANAGER_PROSODYCTL", description: 'how to run prosodyctl, split on spaces (e.g. "runuser -u prosody -- prosodyctl")' },
  { flags: "--json", description: "print one JSON document on stdout" },
  { flags: "--dry-run", description: "show the plan, change nothing" },
  { flags: "--yes", description: "answer yes to confirmations" },
  { flags: "--quiet", description: "only warnings and errors on stderr" },
  { flags: "--no-color", description: "no colours (also when NO_COLOR is set or output is not a terminal)" },
];

/** Runs one invocation and answers the exit code; never throws, never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, specs: readonly CommandSpec[]): Promise<number> {
  let exitCode = 0;
  let jsonRequested = argv.includes("--json");
  const program = buildProgram(io, specs, (code) => {
    exitCode = code;
  }, (json) => {
    jsonRequested = json;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; parse errors already printed their one line.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportError(error, io, jsonRequested);
  }
  return exitCode;
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (isUserError(error)) {
    io.stderr.write(`prosody-manager: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode } })}\n`);
    return error.exitCode;
  }
  // An unexpected error is a bug, but the admin still gets one line; the stack only on request.
  io.stderr.write(`prosody-manager: internal error: ${describe(error)}\n`);
  if (io.env.PROSODY_MANAGER_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

function buildProgram(
  io: CliIo,
  specs: readonly CommandSpec[],
  setExit: (code: number) => void,
  setJson: (json: boolean) => void,
): Command {
  const program = new Command("prosody-manager")
    .description("Find, install, pin, update, enable and remove Prosody modules from rocks and the community repository.")
    .version(PACKAGE_VERSION, "-V, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`prosody-manager: ${text.replace(/^error: /, "")}`),
    });
  for (const option of GLOBAL_OPTIONS) {
    const made = new Option(option.flags, option.description);
    if (option.env) made.env(option.env);
    program.addOption(made);
  }
  program.addHelpText("after", `\nExit codes: 0 success, 1 operation failed, 2 usage error.\nRun 'prosody-manager <command> --help' for examples.\n`);

  const groups = new Map<string, Command>();
  const groupFor = (path: readonly string[]): Command => {
    let parent = program;
    for (let depth = 0; depth < path.length; depth++) {
      const key = path.slice(0, depth + 1).join(" ");
      let group = groups.get(key);
      if (!group) {
        group = parent.command(path[depth] ?? "").exitOverride().description(GROUP_DESCRIPTIONS[key] ?? "");
        groups.set(key, group);
      }
      parent = group;
    }
    return parent;
  };

  for (const spec of specs) {
    const parent = groupFor(spec.path.slice(0, -1));
    const command = parent.command(spec.path[spec.path.length - 1] ?? "").exitOverride().description(spec.description ?? spec.summary);
    command.summary(spec.summary);
    for (const argument of spec.args) {
      const name = `${argument.name}${argument.variadic ? "..." : ""}`;
      command.argument(argument.required ? `<${name}>` : `[${name}]`, argument.description);
    }
    for (const option of spec.options) command.option(option.flags, option.description);
    if (spec.passThrough) command.allowUnknownOption().allowExcessArguments();
    if (spec.examples.length > 0) {
      command.addHelpText("after", `\nExamples:\n${spec.examples.map((example) => `  $ ${example}`).join("\n")}\n`);
    }
    command.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs[actionArgs.length - 1] as Command;
      // Global flags come from the root alone: a command's own `--no-config` must not hide the global `--config PATH`.
      let root: Command = self;
      while (root.parent) root = root.parent;
      const flags = globalFlags(root.opts<Record<string, unknown>>());
      setJson(flags.json);
      flags.color = flags.color && wantsColor(io.stderr, io.env, false);
      const ctx: Context = {
        stdout: io.stdout,
        stderr: io.stderr,
        env: runEnvironment(io.env, flags),
        cwd: io.cwd,
        now: io.now ?? (() => new Date()),
        flags,
        log: makeLogger(io.stderr, flags),
      };
      const positional = self.args.length > 0 && spec.passThrough ? self.args : flattenArgs(actionArgs.slice(0, spec.args.length));
      const result = await spec.run(ctx, { args: positional, options: self.opts<OptionValues>() });
      renderResult(ctx, result);
      setExit(result.exitCode ?? 0);
    });
  }
  return program;
}

function flattenArgs(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (Array.isArray(value)) out.push(...value.map(String));
    else if (typeof value === "string") out.push(value);
  }
  return out;
}

function globalFlags(options: Record<string, unknown>): GlobalFlags {
  const text = (key: string): string | undefined => {
    const value = options[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return {
    config: text("config"),
    cacheDir: text("cacheDir"),
    communityUrl: text("communityUrl"),
    communityDir: text("communityDir"),
    rocksServer: text("rocksServer"),
    installerPath: text("installerPath"),
    lockfile: text("lockfile"),
    prosodyctl: text("prosodyctl"),
    json: options.json === true,
    dryRun: options.dryRun === true,
    yes: options.yes === true,
    quiet: options.quiet === true,
    color: options.color !== false,
  };
}

const GROUP_DESCRIPTIONS: Record<string, string> = {
  module: "find, install, update and remove modules",
  "module rocks": "modules packaged as rocks, installed with LuaRocks",
  config: "the Prosody configuration and installation",
  mirror: "offline mirrors of both sources",
};


