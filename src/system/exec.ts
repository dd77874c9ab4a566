import type { ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { failure } from "../core/errors.js";
import { killGroup, track } from "./child-registry.js";
import { loadChildProcess } from "./lazy-builtins.js";

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The whole run may take at most this long. */
  timeoutMs?: number;
  /** Silence on stdout and stderr for this long means the tool is stuck (a watchdog behind its own timeouts). */
  idleMs?: number;
  input?: string;
  /** Sees stderr as it arrives (progress), besides collecting it. */
  onStderr?: (text: string) => void;
  /**
   * stdout goes to this file (created, and removed once read into the result) instead of a pipe. A pipe holds 64 KB,
   * and a tool with more to say waits until the event loop reads it: behind synchronous work of ours (a first sync
   * indexing modules), hg's 1.2 MB log of a whole history took three times as long as hg alone.
   */
  stdoutFile?: string;
  /** Run as this account (we must be root): its uid and gid, and no supplementary groups (libuv drops them). */
  runAs?: { uid: number; gid: number };
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
// A tool asked to stop gets this long to clean up (hg rolls back its transaction) before it is killed.
const TERMINATE_GRACE_MS = 2_000;

/**
 * Runs a program with an argv array (never a shell), collecting its output. A missing program becomes a one-line
 * UserError; a non-zero exit is returned, not thrown, so callers decide what it means. The child gets its own process
 * group, which is stopped as a whole on a timeout and killed when the CLI exits for any reason.
 */
export async function run(program: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const { spawn } = await loadChildProcess();
  const file = options.stdoutFile;
  const output = file === undefined ? "pipe" : openOutputFile(file);
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ["pipe", output, "pipe"],
        detached: true,
        ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
      });
    } catch (error) {
      if (file !== undefined) rmSync(file, { force: true });
      throw error;
    } finally {
      // The child has its own copy of the descriptor now.
      if (typeof output === "number") closeSync(output);
    }
    track(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stopped: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: string): void => {
      if (stopped !== undefined || child.pid === undefined) return;
      stopped = why;
      killGroup(child.pid, "SIGTERM");
      killTimer = setTimeout(() => child.pid !== undefined && killGroup(child.pid, "SIGKILL"), TERMINATE_GRACE_MS);
    };
    const totalMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const total = setTimeout(() => stop(`took longer than ${seconds(totalMs)}`), totalMs);
    let idle: NodeJS.Timeout | undefined;
    const idleMs = options.idleMs;
    const alive = (): void => {
      if (idleMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => stop(`made no progress for ${seconds(idleMs)}`), idleMs);
    };
    alive();
    const clearTimers = (): void => {
      clearTimeout(total);
      clearTimeout(idle);
      clearTimeout(killTimer);
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      alive();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      alive();
      options.onStderr?.(chunk.toString("utf8"));
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimers();
      if (file !== undefined) rmSync(file, { force: true });
      if (error.code === "ENOENT") {
        reject(failure(`'${program}' is not installed or not on PATH`, hintFor(program)));
      } else {
        reject(failure(`could not run '${program}': ${error.message}`));
      }
    });
    child.on("close", (code, signal) => {
      clearTimers();
      const written = file === undefined ? undefined : takeFile(file);
      if (stopped !== undefined) {
        reject(failure(`'${program} ${args.join(" ")}' ${stopped} and was stopped`, "a slow source? raise PROSODY_MANAGER_NETWORK_TIMEOUT_MS (milliseconds)"));
        return;
      }
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: written ?? Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
      letGo(child);
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(options.input ?? "");
  });
}

function openOutputFile(file: string): number {
  try {
    return openSync(file, "wx", 0o600);
  } catch (error) {
    throw failure(`could not create ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the child wrote to its output file, which goes: it was only ever a longer pipe. */
function takeFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  } finally {
    rmSync(file, { force: true });
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${ms}ms`;
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

/** The line of a tool's output that usually says what went wrong (progress bars redrawn with `\r` dropped). */
export function lastMeaningfulLine(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => (line.split("\r").pop() ?? "").trim())
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

/**
 * Node keeps a child's object a while after its close event, and with it the listeners set on it here, whose scope
 * reaches the result: the 1.2 MB log of a whole history stayed alive through the rest of a first sync. The listeners
 * go; an error after close is still caught.
 */
function letGo(child: ChildProcess): void {
  child.removeAllListeners();
  child.on("error", ignore);
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    stream?.removeAllListeners();
    stream?.on("error", ignore);
  }
}

function ignore(): void {}

/** Runs a program on the terminal's own stdin/stdout/stderr (for pass-through commands); answers its exit code. */
export async function runInherited(program: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const { spawn } = await loadChildProcess();
  return new Promise((resolve, reject) => {
    // Left in our process group on purpose: an interactive tool (prosodyctl shell) must get the terminal's Ctrl-C.
    const child = spawn(program, args, { stdio: "inherit", env: options.env ?? process.env });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? failure(`'${program}' is not installed or not on PATH`, hintFor(program)) : failure(`could not run '${program}': ${error.message}`));
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
