// Whether the Prosody of a config runs, told as prosodyctl tells it (util/prosodyctl.lua, isrunning): from the
// pidfile that mod_posix writes at start and removes at stop. Only what the files say for certain counts as "stopped";
// a config without a pidfile, or a pidfile that cannot be read, leaves it unknown.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

export type RunState = { state: "running"; pid: number; pidfile: string } | { state: "stopped"; why: string } | { state: "unknown"; why: string; pidfile?: string };

const PID = /^\s*(\d+)\s*$/;
/** A pid and a newline; a file longer than this holds something else. */
const MAX_PIDFILE_BYTES = 64;

/** `signal`: how to ask whether a process is there (process.kill with signal 0), for tests of the answers. */
export function prosodyRunState(pidfile: string | undefined, signal: (pid: number) => void = (pid) => process.kill(pid, 0)): RunState {
  if (pidfile === undefined) return { state: "unknown", why: "the config names no pidfile that mod_posix writes" };
  let text: string | undefined;
  try {
    text = readSmallRegularFile(pidfile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? { state: "stopped", why: `${pidfile} is not there` } : { state: "unknown", why: `cannot read ${pidfile} (${code ?? String(error)})`, pidfile };
  }
  if (text === undefined) return { state: "unknown", why: `${pidfile} is not a regular file`, pidfile };
  const pid = Number(PID.exec(text)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return { state: "unknown", why: `${pidfile} holds no pid`, pidfile };
  try {
    signal(pid);
    return { state: "running", pid, pidfile };
  } catch (error) {
    // EPERM: a process is there, another account's (Prosody's own, seen by an admin who is not root).
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? { state: "stopped", why: `no process has the pid ${pid} of ${pidfile}` } : { state: "running", pid, pidfile };
  }
}

/**
 * The file's text when it is a pid's worth (empty when it is longer); undefined when it is not a regular file.
 * Opened without blocking and read with a limit: a pidfile option naming a FIFO or /dev/zero must not hang a command
 * or fill its memory.
 */
function readSmallRegularFile(file: string): string | undefined {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(MAX_PIDFILE_BYTES + 1);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    // Longer than a pidfile: whatever it holds, it is not Prosody's pid.
    return read > MAX_PIDFILE_BYTES ? "" : buffer.toString("utf8", 0, read);
  } finally {
    closeSync(fd);
  }
}
