import { cliPath, runProgram } from "./cli.js";

export interface TerminalRun {
  code: number;
  /** Everything the terminal showed, stdout and stderr together, with the pty's \r\n line ends. */
  output: string;
}

const shellQuote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), as an admin at a terminal would: stdin and stdout
 * are a tty. `input` is typed into the terminal (it is echoed, and waits in the line buffer until the CLI reads it);
 * after it, the terminal sends end-of-file, as Ctrl-D would. `script -e` exits with the CLI's own code.
 */
export async function runOnTerminal(args: readonly string[], env: Record<string, string>, input = ""): Promise<TerminalRun> {
  const command = [process.execPath, cliPath, ...args].map(shellQuote).join(" ");
  const run = await runProgram("script", ["-qec", command, "/dev/null"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", SHELL: "/bin/sh", TERM: "xterm", ...env },
    input,
  });
  return { code: run.code, output: run.stdout + run.stderr };
}
