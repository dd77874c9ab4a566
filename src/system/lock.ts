import { type ChildProcessByStdio, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { failure, fromSystemError } from "../core/errors.js";
import { track } from "./child-registry.js";

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
  const absolute = await prepare(file);
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
  return held(absolute, what, holder);
}

/**
 * Every lock at once when none is busy, or undefined (holding none) when one is: the caller then takes them one by
 * one in its fixed order. Only attempts that never wait run side by side, so two runs cannot deadlock here, and a
 * command that locks four places starts four holders in the time of one.
 */
export async function tryLocksAtOnce(targets: readonly { file: string; what?: string }[]): Promise<Lock[] | undefined> {
  const attempts = await Promise.allSettled(
    targets.map(async (target) => {
      const absolute = await prepare(target.file);
      const holder = await tryHold(absolute, 0);
      return holder && held(absolute, target.what ?? absolute, holder);
    }),
  );
  const locks = attempts.flatMap((attempt) => (attempt.status === "fulfilled" && attempt.value ? [attempt.value] : []));
  if (locks.length === targets.length) return locks;
  for (const lock of locks) await lock.release();
  const failed = attempts.find((attempt) => attempt.status === "rejected");
  if (failed) throw failed.reason;
  return undefined;
}

/** The lock file's absolute path, created (never truncated) so flock has a file. */
async function prepare(file: string): Promise<string> {
  const absolute = path.resolve(file);
  try {
    await fs.mkdir(path.dirname(absolute), { recursive: true });
    // A full disk here leaves at most an empty file, which blocks no one.
    await (await fs.open(absolute, "a")).close();
  } catch (error) {
    throw fromSystemError(error) ?? error;
  }
  return absolute;
}

async function held(absolute: string, what: string, child: Holder): Promise<Lock> {
  // Best effort: the text is for the next run's message only; failing to write it (full disk) changes nothing.
  await fs.writeFile(absolute, `${process.pid} ${what}\n`).catch(() => undefined);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await fs.truncate(absolute, 0).catch(() => undefined);
      // A holder killed from outside has already closed; waiting for its close event would wait for ever.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
      child.stdin.end();
      await closed;
    },
  };
}

type Holder = ChildProcessByStdio<Writable, Readable, Readable>;

/** Starts a holder; answers it once it holds the lock, or undefined when the lock stayed busy for `waitMs`. */
function tryHold(file: string, waitMs: number): Promise<Holder | undefined> {
  return new Promise((resolve, reject) => {
    const wait = waitMs > 0 ? ["--wait", (waitMs / 1000).toFixed(3)] : ["--nonblock"];
    // A fixed script (no data of ours in it): it says when flock holds the lock, then waits for our stdin to close.
    // flock's own --verbose is no use here: its stdout is block-buffered into a pipe until it exits.
    const child = spawn("flock", ["--exclusive", ...wait, "--conflict-exit-code", String(BUSY), file, "sh", "-c", "echo locked; exec cat"], {
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
      else reject(failure(`could not lock ${file}: ${stderr.trim().split("\n").pop() ?? `flock exit code ${code}`}`));
    });
  });
}

async function describeHolder(file: string): Promise<string> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? `another prosody-manager (pid ${pid})` : "another prosody-manager";
}
