import { closeSync, constants, fstatSync, ftruncateSync, openSync, promises as fs, writeSync } from "node:fs";
import path from "node:path";
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
 * An exclusive flock(2) on a file that is never deleted, taken on a descriptor this process opened and keeps: flock(1)
 * locks it through the copy it is handed and exits, and a flock belongs to the open file, not to the process that
 * asked. So the lock lasts exactly as long as this process keeps the descriptor: the kernel drops it when the process
 * dies however it dies, there is no stale lock to take over, and no holder process to outlive or die before us.
 * Node opens files close-on-exec, so no child of ours (hg, luarocks) keeps it. The file's text (pid and purpose) only
 * makes the waiting run's message useful; an empty or unreadable file is no holder, since only flock decides.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<Lock> {
  const absolute = path.resolve(file);
  const what = options.what ?? absolute;
  const fd = await openLockFile(absolute);
  try {
    let held = await lockDescriptors([fd], 0, what);
    if (!held) {
      options.onWait?.(`waiting for ${await describeHolder(absolute)} to finish with ${what} (up to ${Math.round(options.waitMs / 1000)}s)`);
      held = await lockDescriptors([fd], options.waitMs, what);
    }
    if (!held) {
      throw failure(
        `${await describeHolder(absolute)} is changing ${what}; gave up waiting after ${Math.round(options.waitMs / 1000)}s`,
        "wait for it to finish and run the command again (PROSODY_MANAGER_LOCK_WAIT_MS sets how long to wait)",
      );
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  sayHolder(fd, what);
  return descriptorsLock([fd]);
}

export interface LockTarget {
  file: string;
  /** What the lock protects, for the messages. */
  what: string;
}

/**
 * Several locks, taken in the order given (callers sort them, so two runs never hold one each and wait for the
 * other's). When all are free, as they nearly always are, one flock run takes them all. If any is busy, every one is
 * given back at once and they are taken one by one, waiting and saying what for, within one shared deadline.
 */
export async function acquireLocks(targets: readonly LockTarget[], options: Omit<LockOptions, "what">): Promise<Lock[]> {
  if (targets.length === 0) return [];
  const absolute = targets.map((target) => ({ file: path.resolve(target.file), what: target.what }));
  const fds: number[] = [];
  let held = false;
  try {
    for (const target of absolute) fds.push(await openLockFile(target.file));
    held = await lockDescriptors(fds, 0, absolute.map((target) => target.file).join(", ")).catch(() => false);
  } finally {
    // Closing a descriptor gives its lock back: a partial set is never kept while waiting for the rest.
    if (!held) for (const fd of fds) closeSync(fd);
  }
  if (held) {
    absolute.forEach((target, index) => sayHolder(fds[index] ?? -1, target.what));
    return [descriptorsLock(fds)];
  }
  const deadline = Date.now() + options.waitMs;
  const taken: Lock[] = [];
  try {
    for (const target of absolute) taken.push(await acquireLock(target.file, { ...options, waitMs: Math.max(0, deadline - Date.now()), what: target.what }));
  } catch (error) {
    for (const lock of taken.reverse()) await lock.release();
    throw error;
  }
  return taken;
}

/**
 * Opened (created if need be) for flock. Lock files sit in directories another account may write (beside the
 * community directory, in Prosody's data directory): a link planted there must not make a run as root write into the
 * file it points at, and a FIFO must not hang it. So a link is refused, and anything but a plain file.
 */
async function openLockFile(file: string): Promise<number> {
  let fd: number;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    fd = openSync(file, LOCK_FILE_FLAGS, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw notALockFile(file, "a symbolic link");
    if (code === "ENXIO") throw notALockFile(file, "not a plain file");
    throw fromSystemError(error) ?? error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw notALockFile(file, "not a plain file");
  }
  return fd;
}

// O_NONBLOCK: opening a FIFO for writing with no reader fails at once (ENXIO) instead of waiting for one.
const LOCK_FILE_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function notALockFile(file: string, what: string): Error {
  return failure(`${file} is ${what}; prosody-manager will not use it as a lock file`, "remove it: prosody-manager makes its lock files itself");
}

/** Best effort: the text is for the next run's message only; failing to write it (full disk) changes nothing. */
function sayHolder(fd: number, what: string): void {
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, `${process.pid} ${what}\n`);
  } catch {
    // The lock holds all the same.
  }
}

/** One release for every descriptor: their text cleared while still held, then closed, which gives the locks back. */
function descriptorsLock(fds: readonly number[]): Lock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      for (const fd of fds) {
        try {
          ftruncateSync(fd, 0);
        } catch {
          // A stale text only names a holder that is gone; flock alone decides.
        }
        closeSync(fd);
      }
    },
  };
}

/**
 * Locks every descriptor (as the child's 3, 4, …), each without waiting unless `waitMs` is given: true when all are
 * held, false when one is busy (the others it took are held by our descriptors until the caller closes them). One
 * descriptor needs flock alone; several, a fixed script (no data of ours in it) that locks them in order.
 */
async function lockDescriptors(fds: readonly number[], waitMs: number, what: string): Promise<boolean> {
  const wait = waitMs > 0 ? ["--wait", (waitMs / 1000).toFixed(3)] : ["--nonblock"];
  const flock = ["flock", "--exclusive", ...wait, "--conflict-exit-code", String(BUSY)];
  const numbers = fds.map((_, index) => String(3 + index));
  const command = fds.length === 1 ? { program: "flock", args: [...flock.slice(1), "3"] } : { program: "sh", args: ["-c", `for fd do ${flock.join(" ")} "$fd" || exit $?; done`, "sh", ...numbers] };
  const { spawn } = await loadChildProcess();
  return new Promise((resolve, reject) => {
    const child = spawn(command.program, command.args, {
      stdio: ["ignore", "ignore", "pipe", ...fds],
      detached: true,
      // The system's own tools, whatever PATH the admin runs us with: locking must not depend on it.
      env: { PATH: SYSTEM_PATH, LC_ALL: "C" },
    });
    track(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? failure("'flock' is not installed or not on PATH", "install it with: apt-get install util-linux") : error);
    });
    child.on("close", (code) => {
      if (code === 0) resolve(true);
      else if (code === BUSY) resolve(false);
      else if (code === 127 && /flock.*not found/.test(stderr)) reject(failure("'flock' is not installed or not on PATH", "install it with: apt-get install util-linux"));
      else reject(failure(`could not lock ${what}: ${stderr.trim().split("\n").pop() || `flock exit code ${code}`}`));
    });
  });
}

async function describeHolder(file: string): Promise<string> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? `another prosody-manager (pid ${pid})` : "another prosody-manager";
}
