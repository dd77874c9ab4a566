import "./require-shim.js";
import { endQuietlyOnClosedPipe } from "./closed-pipe.js";
import { startCli } from "./start.js";

endQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));

process.exitCode = await startCli(process.argv.slice(2), {
  // A getter: process.stdin makes a stream when first touched, and only a run that asks first reads it.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
