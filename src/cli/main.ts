import { COMMANDS } from "./commands/index.js";
import { routeArguments } from "./startup.js";

// `--version` answers before commander or any command is even imported: scripts call it to probe the tool.
const argv = process.argv.slice(2);
if (routeArguments(argv, COMMANDS.map((command) => command.path)).kind === "version") {
  const { PACKAGE_VERSION } = await import("../version.js");
  process.stdout.write(`${PACKAGE_VERSION}\n`);
} else {
  const { runCli } = await import("./program.js");
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }, COMMANDS);
}
