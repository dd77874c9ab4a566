import { runCli } from "./program.js";
import { ALL_COMMANDS } from "./commands/index.js";
import { endQuietlyOnClosedPipe } from "./closed-pipe.js";

endQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}, ALL_COMMANDS);
process.exitCode = code;
