import { finishRun } from "../app/after-success.js";
import type { CommandSpec } from "./command.js";
import { parseCommandLine } from "./command-line.js";
import type { CommandTable } from "./command-table.js";
import { GLOBAL_OPTIONS } from "./global-options.js";
import { routeArguments } from "./route.js";
import { type CliIo, reportError, runCommand } from "./run-command.js";
import { versionLine } from "../version.js";

/**
 * The CLI's entry: the arguments are routed before anything heavy is imported, so `--version` loads nothing and a
 * command loads itself, not every other command. A line the startup's own parser reads (cli/command-line.ts) runs
 * without commander; help, mistakes and the rest go to commander. Answers the exit code; never throws.
 */
export async function startCli(argv: readonly string[], io: CliIo, commands: CommandTable): Promise<number> {
  const code = await runArguments(argv, io, commands);
  finishRun(code === 0);
  return code;
}

async function runArguments(argv: readonly string[], io: CliIo, commands: CommandTable): Promise<number> {
  const route = routeArguments(argv, commands.entries.map((entry) => entry.path));
  if (route.kind === "version") {
    io.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  if (route.kind === "command") {
    const spec = await (commands.entries[route.index] as (typeof commands.entries)[number]).load();
    const parsed = parseCommandLine(argv, spec, GLOBAL_OPTIONS, io.env);
    if (parsed) {
      try {
        return await runCommand(spec, io, parsed.rootOptions, parsed.input);
      } catch (error) {
        return reportError(error, io, parsed.rootOptions.json === true, parsed.rootOptions.color === false);
      }
    }
    return runWithCommander(argv, io, [spec]);
  }
  return runWithCommander(argv, io, await commands.loadAll());
}

async function runWithCommander(argv: readonly string[], io: CliIo, specs: readonly CommandSpec[]): Promise<number> {
  const { runCli } = await import("./program.js");
  return runCli(argv, io, specs);
}
