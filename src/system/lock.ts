import type { ChildProcessByStdio } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { failure, fromSystemError } from "../core/errors.js";
import { track } from "./child-registry.js";
import { loadChildProcess } from "./lazy-builtins.js";

export interface Lock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long a second run waits for the first before refusing. */
  waitMs: number;
  /** What the lock protects, for the messages ("the community directory /usr/local/…"). */
  what?: string;
  /** Told once, at once, when another run holds the lock and this one starts waiting. */
  onWait?: (message: string) => void;
}

/** flock's exit code when the lock is busy (--nonblock) or the wait ran out (--wait). */
const BUSY = 75;
const SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";

/**
 * An exclusive flock(2) on a file that is never deleted, held by a `flock … sh -c 'echo locked; exec cat'` child that lives exactly as long as
 * this process: the kernel drops the lock when the holder dies however it dies (its stdin closes, cat exits), so
 * there is no stale lock to take over and nothing to race about. The file's text (pid and purpose) only makes the
 * waiting run's message useful; an empty or unreadable file is no holder, since only flock decides.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<Lock> {
  const absolute = path.resolve(file);
  await createLockFile(absolute);
  const what = options.what ?? absolute;
  let holder = await tryHold(absolute, 0);
  if (!holder) {
    options.onWait?.(`waiting for ${await describeHolder(absolute)} to finish with ${what} (up to ${Math.round(options.waitMs / 1000)}s)`);
    holder = await tryHold(absolute, options.waitMs);
  }
  if (!holder) {
    throw failure(
      `${await describeHolder(absolute)} is changing ${what}; gave up waiting after ${Math.round(options.waitMs / 1000)}s`,
      "wait for it to finish and run the command again (PROSODY_MANAGER_LOCK_WAIT_MS sets how long to wait)",
    );
  }
  // Best effort: the text is for the next run's message only; failing to write it (full disk) changes nothing.
  await fs.writeFile(absolute, `${process.pid} ${what}\n`).catch(() => undefined);
  return holderLock(holder, [absolute]);
}

export interface LockTarget {
  file: string;
  /** What the lock protects, for the messages. */
  what: string;
}

/**
 * Several locks, taken in the order given (callers sort them, so two runs never hold one each and wait for the
 * other's). When all are free, as they nearly always are, one holder process takes every one: a shell opens each file
 * on its own descriptor and has flock(1) lock that descriptor, then becomes `cat`, which keeps the descriptors and so
 * the locks for as long as it lives, exactly as one holder per lock would. If any is busy, that holder gives every
 * lock back at once and they are taken one by one, waiting and saying what for, within one shared deadline.
 */
export async function acquireLocks(targets: readonly LockTarget[], options: Omit<LockOptions, "what">): Promise<Lock[]> {
  if (targets.length === 0) return [];
  const absolute = targets.map((target) => ({ file: path.resolve(target.file), what: target.what }));
  for (const target of absolute) await createLockFile(target.file);
  // Descriptors 3 to 9 are the ones every shell lets a script name; more locks than that go one by one.
  const holder = absolute.length <= 7 ? await tryHoldAll(absolute.map((target) => target.file)) : undefined;
  if (holder) {
    for (const target of absolute) await fs.writeFile(target.file, `${process.pid} ${target.what}\n`).catch(() => undefined);
    return [holderLock(holder, absolute.map((target) => target.file))];
  }
  const deadline = Date.now() + options.waitMs;
  const held: Lock[] = [];
  try {
    for (const target of absolute) held.push(await acquireLock(target.file, { ...options, waitMs: Math.max(0, deadline - Date.now()), what: target.what }));
  } catch (error) {
    for (const lock of held.reverse()) await lock.release();
    throw error;
  }
  return held;
}

/** Created (never truncated) so flock has a file; a full disk here leaves at most an empty file, which blocks no one. */
async function createLockFile(file: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await (await fs.open(file, "a")).close();
  } catch (error) {
    throw fromSystemError(error) ?? error;
  }
}

/** One release for every file the holder locked: their text is cleared, then the holder's stdin closed. */
function holderLock(child: Holder, files: readonly string[]): Lock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      for (const file of files) await fs.truncate(file, 0).catch(() => undefined);
      // A holder killed from outside has already closed; waiting for its close event would wait for ever.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
      child.stdin.end();
      await closed;
    },
  };
}

/**
 * A fixed script (the paths are its arguments, never part of its text): descriptor 3 for the first file, 4 for the
 * next, each locked without waiting; the first busy one ends the script, and with it every lock it took.
 */
const HOLD_ALL = `fd=3
for file in "$@"; do
  eval "exec $fd>>\\"\\$file\\"" || exit 1
  flock --exclusive --nonblock --conflict-exit-code ${BUSY} "$fd" || exit $?
  fd=$((fd + 1))
done
echo locked
exec cat`;

/** Undefined when any lock is busy, and when the script failed otherwise: one by one, each failure is named. */
function tryHoldAll(files: readonly string[]): Promise<Holder | undefined> {
  return startHolder("sh", ["-c", HOLD_ALL, "sh", ...files], files.join(", ")).catch(() => undefined);
}

type Holder = ChildProcessByStdio<Writable, Readable, Readable>;

/** Starts a holder; answers it once it holds the lock, or undefined when the lock stayed busy for `waitMs`. */
function tryHold(file: string, waitMs: number): Promise<Holder | undefined> {
  const wait = waitMs > 0 ? ["--wait", (waitMs / 1000).toFixed(3)] : ["--nonblock"];
  // A fixed script (no data of ours in it): it says when flock holds the lock, then waits for our stdin to close.
  // flock's own --verbose is no use here: its stdout is block-buffered into a pipe until it exits.
  return startHolder("flock", ["--exclusive", ...wait, "--conflict-exit-code", String(BUSY), file, "sh", "-c", "echo locked; exec cat"], file);
}

/** Runs a holder and answers it once it prints `locked`, or undefined when it exits busy. */
async function startHolder(program: string, args: readonly string[], what: string): Promise<Holder | undefined> {
  const { spawn } = await loadChildProcess();
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
      // The system's own tools, whatever PATH the admin runs us with: locking must not depend on it.
      env: { PATH: SYSTEM_PATH, LC_ALL: "C" },
    });
    track(child);
    let stdout = "";
    let stderr = "";
    let settled = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (!settled && /^locked$/m.test(stdout)) {
        settled = true;
        resolve(child);
      }
    });
    child.stdin.on("error", () => undefined);
    child.on("error", (error: NodeJS.ErrnoException) => {
      settled = true;
      reject(error.code === "ENOENT" ? failure("'flock' is not installed or not on PATH", "install it with: apt-get install util-linux") : error);
    });
    child.on("close", (code) => {
      if (settled) return;
      settled = true;
      if (code === BUSY) resolve(undefined);
      else reject(failure(`could not lock ${what}: ${stderr.trim().split("\n").pop() ?? `flock exit code ${code}`}`));
    });
  });
}

async function describeHolder(file: string): Promise<string> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? `another prosody-manager (pid ${pid})` : "another prosody-manager";
}
