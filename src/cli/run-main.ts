import type { CommandTable } from "./command-table.js";
import { processStderr, processStdout } from "./fd-output.js";
import { startCli } from "./start.js";
import { startPhaseTrace } from "./phase-trace.js";

/** What a bundle's main() runs: the CLI on this process's arguments and descriptors, with the bundle's commands. */
export function runMain(commands: CommandTable): void {
  // The launcher began the trace; run without it (node dist/lib/prosody-manager.cjs), this begins it.
  startPhaseTrace(process.env);
  void startCli(
    process.argv.slice(2),
    {
      // A getter: process.stdin makes a stream when first touched, and only a run that asks first reads it.
      get stdin() {
        return process.stdin;
      },
      stdout: processStdout(),
      stderr: processStderr(),
      env: process.env,
      cwd: process.cwd(),
    },
    commands,
  ).then((code) => {
    process.exitCode = code;
    endWhenIdle(code);
  });
}

/**
 * Ends the process at once when nothing is left for the event loop (no child, timer, socket or stream write pending):
 * what Node would do next, less the teardown of V8's heap page by page, 2 ms of a read command. Otherwise Node ends
 * the run itself once those are done. A terminal's handle (stdout's stream, made for the terminal's width) holds
 * nothing back: Node writes to a terminal synchronously.
 */
function endWhenIdle(code: number): void {
  if (process.getActiveResourcesInfo().every((resource) => resource === "TTYWrap")) process.exit(code);
}
