import { Command, CommanderError, Option } from "commander";
import { EXIT_FAILURE, EXIT_USAGE, describe, toUserError } from "../core/errors.js";
import type { CommandSpec, OptionValues } from "./command.js";
import { type Context, type GlobalFlags, type OutputStream, makeLogger, runEnvironment, wantsColor } from "../app/context.js";
import { renderResult } from "./render.js";
import { formatExamples, helpWidth, unwrapParagraphs, wrapText } from "./help-format.js";
import { versionLine } from "./version-text.js";
import { painter } from "./paint.js";
import { runAskingFirst } from "./confirm-flow.js";
import type { InputStream } from "./prompt.js";
import { GLOBAL_OPTIONS, GROUP_DESCRIPTIONS } from "./global-options.js";

export interface CliIo {
  /** Read only to ask for a confirmation, and only when it and stdout are a terminal. */
  stdin?: InputStream;
  stdout: OutputStream & { columns?: number };
  stderr: OutputStream & { columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
}


/** The help of every command that asks first (cli/confirm-flow.ts). */
const ASK_FIRST_HELP =
  "On a terminal, the plan is shown and confirmed (Proceed? [y/N]) before the Prosody config is edited or files are " +
  "replaced, deleted or downgraded; answering no (or Ctrl-D) changes nothing and exits 1. --yes answers yes; without " +
  "a terminal (pipes, scripts, Ansible) and with --json nothing is asked.";

/** Runs one invocation and answers the exit code; never throws, never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo, specs: readonly CommandSpec[]): Promise<number> {
  let exitCode = 0;
  let jsonRequested = argv.includes("--json");
  const version = versionLine();
  const program = buildProgram(io, specs, version, (code) => {
    exitCode = code;
  }, (json) => {
    jsonRequested = json;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; parse errors already printed their one line on stderr.
      if (error.exitCode === 0) return 0;
      if (jsonRequested) {
        // Commander adds its suggestion on a second line: that is the hint.
        const [message = "", ...rest] = error.message.replace(/^error: /, "").split("\n");
        writeJsonError(io, { message, hint: rest.join(" ").trim() || null, exitCode: EXIT_USAGE, code: error.code });
      }
      return EXIT_USAGE;
    }
    return reportError(error, io, jsonRequested, argv.includes("--no-color"));
  }
  return exitCode;
}

function writeJsonError(io: CliIo, error: Record<string, string | number | null>): void {
  io.stdout.write(`${JSON.stringify({ error })}\n`);
}

function reportError(thrown: unknown, io: CliIo, json: boolean, noColor: boolean): number {
  const paint = painter(io.stderr, io.env, !noColor);
  // System errors (ENOSPC, EACCES, …) that no layer caught are still causes with a path, not bugs.
  const error = toUserError(thrown);
  if (error) {
    io.stderr.write(`${paint("red", "prosody-manager:")} ${oneLine(error.message)}\n`);
    if (error.hint) io.stderr.write(`hint: ${oneLine(error.hint)}\n`);
    if (json) writeJsonError(io, { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode, ...(error.reason ? { code: error.reason.code, path: error.reason.path ?? null } : {}) });
    return error.exitCode;
  }
  // An unexpected error is a bug, but the admin still gets one line; the stack only on request.
  const message = `internal error: ${oneLine(describe(thrown))}`;
  io.stderr.write(`${paint("red", "prosody-manager:")} ${message}\n`);
  if (io.env.PROSODY_MANAGER_DEBUG && thrown instanceof Error && thrown.stack) io.stderr.write(`${thrown.stack}\n`);
  if (json) writeJsonError(io, { message, hint: "this is a bug: run again with PROSODY_MANAGER_DEBUG=1 and report the output", exitCode: EXIT_FAILURE, code: "EINTERNAL" });
  return EXIT_FAILURE;
}

/** A message from a tool or the system may hold newlines; the user gets one line per message. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function buildProgram(
  io: CliIo,
  specs: readonly CommandSpec[],
  version: string,
  setExit: (code: number) => void,
  setJson: (json: boolean) => void,
): Command {
  const program = new Command("prosody-manager")
    .description("Find, install, pin, update, enable and remove Prosody modules from rocks and the community repository.")
    .version(version, "-V, --version", "print the version of prosody-manager ('version' also names the Prosody, LuaRocks and hg it finds)")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout, io.env),
      getErrHelpWidth: () => helpWidth(io.stderr, io.env),
      outputError: (text, write) => write(`prosody-manager: ${text.replace(/^error: /, "")}`),
    });
  for (const option of GLOBAL_OPTIONS) {
    const made = new Option(option.flags, option.description);
    if (option.env) made.env(option.env);
    program.addOption(made);
  }
  program.addHelpText("after", () => `\n${wrapText("Exit codes: 0 success, 1 operation failed (or a change not confirmed), 2 usage error.\nRun 'prosody-manager <command> --help' for examples.", helpWidth(io.stdout, io.env))}\n`);

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
    const command = parent.command(spec.path[spec.path.length - 1] ?? "", { hidden: spec.hidden === true }).exitOverride().description(unwrapParagraphs(spec.description ?? spec.summary));
    command.summary(spec.summary);
    for (const argument of spec.args) {
      const name = `${argument.name}${argument.variadic ? "..." : ""}`;
      command.argument(argument.required ? `<${name}>` : `[${name}]`, argument.description);
    }
    for (const option of spec.options) command.option(option.flags, option.description);
    if (spec.passThrough) command.allowUnknownOption().allowExcessArguments();
    if (spec.asksFirst) command.addHelpText("after", () => `\n${wrapText(ASK_FIRST_HELP, helpWidth(io.stdout, io.env))}`);
    if (spec.examples.length > 0) {
      command.addHelpText("after", () => `\nExamples:\n${formatExamples(spec.examples, helpWidth(io.stdout, io.env))}\n`);
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
      const result = await runAskingFirst(spec, ctx, { args: positional, options: self.opts<OptionValues>() }, () => io.stdin);
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
