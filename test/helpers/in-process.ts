import os from "node:os";
import type { CommandSpec } from "../../src/cli/command.js";
import { type CliIo, runCli } from "../../src/cli/program.js";
import { ALL_COMMANDS } from "../../src/cli/commands/index.js";
import { startCli } from "../../src/cli/start.js";
import type { CliRun, Sandbox } from "./cli.js";

export interface InProcessOptions {
  /** The command's environment; like the spawning helper's, clean (PATH, HOME, NO_COLOR) plus what is given here. */
  env?: Record<string, string>;
  /** The command's working directory (relative paths in flags resolve against it); process.cwd() is never changed. */
  cwd?: string;
  /** The commands the program knows; all of them by default. */
  specs?: readonly CommandSpec[];
  now?: () => Date;
}

/**
 * Runs one invocation through the same entry point as the built CLI (src/cli/start.ts startCli), in this process:
 * no build, no spawn, a breakpoint works, and it is quick enough to call many times in one test. It answers what the
 * spawning helper answers, so a test can switch between them. Two differences remain: module-level caches in src/
 * (e.g. the compiled-in paths read once per process) live across runs, and the tools the command runs (hg,
 * luarocks, prosodyctl) are still real subprocesses. Use the spawning runCli of cli.ts when the built file, the
 * process exit code or signals are what is under test.
 */
export async function runInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.env?.HOME ?? os.tmpdir(), NO_COLOR: "1", ...options.env };
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.now ? { now: options.now } : {}),
  };
  const code = options.specs ? await runCli(argv, io, options.specs) : await startCli(argv, io, ALL_COMMANDS);
  return { code, stdout, stderr };
}

/** sandbox.run, in-process: the sandbox's flags first, its root as HOME. */
export function runInSandbox(sandbox: Sandbox, args: readonly string[], options: InProcessOptions = {}): Promise<CliRun> {
  return runInProcess([...sandbox.flags(), ...args], { ...options, env: { HOME: sandbox.root, ...options.env } });
}
