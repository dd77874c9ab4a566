import { spawn } from "node:child_process";
import { failure } from "../core/errors.js";

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
  /** Sees stderr as it arrives (progress), besides collecting it. */
  onStderr?: (text: string) => void;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a program with an argv array (never a shell), collecting its output. A missing program becomes a one-line
 * UserError; a non-zero exit is returned, not thrown, so callers decide what it means.
 */
export function run(program: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(chunk.toString("utf8"));
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "ENOENT") {
        reject(failure(`'${program}' is not installed or not on PATH`, hintFor(program)));
      } else {
        reject(failure(`could not run '${program}': ${error.message}`));
      }
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(failure(`'${program} ${args.join(" ")}' took too long and was stopped`));
        return;
      }
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Runs and throws a one-line UserError when the program fails. */
export async function runChecked(
  program: string,
  args: readonly string[],
  what: string,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const result = await run(program, args, options);
  if (result.code !== 0) {
    throw failure(`${what} failed: ${lastMeaningfulLine(result.stderr || result.stdout)}`);
  }
  return result;
}

/** The line of a tool's output that usually says what went wrong. */
export function lastMeaningfulLine(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const error = lines.find((line) => /^(abort|error)\b/i.test(line));
  return error ?? lines[lines.length - 1] ?? "no output";
}

function hintFor(program: string): string | undefined {
  const packages: Record<string, string> = {
    hg: "mercurial",
    luarocks: "luarocks",
    "luarocks-admin": "luarocks",
    prosodyctl: "prosody",
    prosody: "prosody",
  };
  const pkg = packages[program];
  return pkg ? `install it with: apt-get install ${pkg}` : undefined;
}

/** Runs a program on the terminal's own stdin/stdout/stderr (for pass-through commands); answers its exit code. */
export function runInherited(program: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: "inherit", env: options.env ?? process.env });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? failure(`'${program}' is not installed or not on PATH`, hintFor(program)) : failure(`could not run '${program}': ${error.message}`));
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
