import { commandKey } from "./command-table.js";
import { ALL_COMMANDS, COMMANDS } from "./commands/index.js";
import { READ_COMMANDS } from "./read-commands.js";
import { runMain } from "./run-main.js";

/** For the build: the launcher routes with these to pick each command's code cache (src/launcher/main.ts). */
export const commandPaths: readonly (readonly string[])[] = COMMANDS.map((entry) => entry.path);

/** For the build: the commands the launcher runs from the read bundle (src/cli/main-read.ts), by commandKey. */
export const readCommandKeys: readonly string[] = READ_COMMANDS.map((entry) => commandKey(entry.path));

/** What the installed command (src/launcher/main.ts) calls for every command but the read ones. */
export function main(): void {
  runMain(ALL_COMMANDS);
}

// Run as a file of its own (`node --enable-source-maps dist/lib/prosody-manager.cjs …`), the bundle runs the CLI
// itself: Node maps stack traces to src/ only for files it loads, not for the launcher's compiled script.
if (typeof module !== "undefined" && require.main === module) main();
