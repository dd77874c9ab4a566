import { Command, CommanderError, Option } from "commander";
import { EXIT_USAGE } from "../core/errors.js";
import type { CommandSpec, OptionValues } from "./command.js";
import { formatExamples, helpWidth, unwrapParagraphs, wrapText } from "./help-format.js";
import { versionLine } from "../version.js";
import { type CliIo, reportError, runCommand, writeJsonError } from "./run-command.js";
import { GLOBAL_OPTIONS, GROUP_DESCRIPTIONS } from "./global-options.js";

export type { CliIo };



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
      const rootOptions = root.opts<Record<string, unknown>>();
      setJson(rootOptions.json === true);
      const positional = self.args.length > 0 && spec.passThrough ? self.args : flattenArgs(actionArgs.slice(0, spec.args.length));
      setExit(await runCommand(spec, io, rootOptions, { args: positional, options: self.opts<OptionValues>() }));
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

