import { READ_TABLE } from "./read-commands.js";
import { runMain } from "./run-main.js";

/**
 * The read bundle's entry (dist/lib/prosody-manager-read.cjs): what the launcher calls for the read commands. It holds
 * their code only, so it is not imported by anything that would pull the other commands in.
 */
export function main(): void {
  runMain(READ_TABLE);
}

// Run as a file of its own, as the full bundle does (src/cli/main.ts), for stack traces mapped to src/.
if (typeof module !== "undefined" && require.main === module) main();
