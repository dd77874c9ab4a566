import { COMMANDS } from "./commands/index.js";
import { processStderr, processStdout } from "./fd-output.js";
import { startCli } from "./start.js";

/** For the build: the launcher routes with these to pick each command's code cache (src/launcher/main.ts). */
export const commandPaths: readonly (readonly string[])[] = COMMANDS.map((entry) => entry.path);

/** What the installed command (src/launcher/main.ts) calls. */
export function main(): void {
  void startCli(process.argv.slice(2), {
    // A getter: process.stdin makes a stream when first touched, and only a run that asks first reads it.
    get stdin() {
      return process.stdin;
    },
    stdout: processStdout(),
    stderr: processStderr(),
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
    endWhenIdle(code);
  });
}

/**
 * Ends the process at once when nothing is left for the event loop (no child, timer, socket or stream write pending):
 * what Node would do next, less the teardown of V8's heap page by page, 2 ms of a read command. Otherwise Node ends
 * the run itself once those are done.
 */
function endWhenIdle(code: number): void {
  if (process.getActiveResourcesInfo().length === 0) process.exit(code);
}

// Run as a file of its own (`node --enable-source-maps dist/lib/prosody-manager.cjs …`), the bundle runs the CLI
// itself: Node maps stack traces to src/ only for files it loads, not for the launcher's compiled script.
if (typeof module !== "undefined" && require.main === module) main();
