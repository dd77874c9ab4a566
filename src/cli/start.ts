import type { CommandSpec } from "./command.js";
import { COMMANDS, loadAllCommands } from "./commands/index.js";
import type { CliIo } from "./program.js";
import { routeArguments } from "./route.js";
import { versionLine } from "./version-text.js";

/**
 * The CLI's entry: the arguments are routed before anything heavy is imported, so `--version` loads nothing and a
 * command loads itself and commander, not every other command. Answers the exit code; never throws.
 */
export async function startCli(argv: readonly string[], io: CliIo): Promise<number> {
  const route = routeArguments(argv, COMMANDS.map((entry) => entry.path));
  if (route.kind === "version") {
    io.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  // The command and the parser load at once: two files read in parallel, not one after the other.
  const [specs, { runCli }] = await Promise.all([
    route.kind === "command" ? (COMMANDS[route.index] as (typeof COMMANDS)[number]).load().then((spec): readonly CommandSpec[] => [spec]) : loadAllCommands(),
    import("./program.js"),
  ]);
  return runCli(argv, io, specs);
}
