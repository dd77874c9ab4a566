import { closeSync, lstatSync, mkdirSync, openSync, promises as fs, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * A name beside `target` that no other run will pick, so staging never collides: the pid is unique among the runs
 * alive on this machine, and the random part tells this one from a dead run's leftover with the same pid. (Not from
 * crypto: loading it would cost every run that writes a file a few milliseconds, and nothing here is a secret.)
 */
export function siblingPath(target: string, tag: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${tag}-${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0")}`);
}

/** Writes a file so readers see the old or the new content, never half of it. */
export async function writeFileAtomic(target: string, content: string | Uint8Array, mode?: number): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = siblingPath(target, "tmp");
  try {
    await fs.writeFile(temp, content, { flag: "wx", ...(mode === undefined ? {} : { mode }) });
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * writeFileAtomic with synchronous calls: for a write that is the last thing a run does (a sync's catalogue, a read's
 * digests), where each thread-pool round trip would be waited for on the way out.
 */
export function writeFileAtomicSync(target: string, content: string | Uint8Array, mode?: number): void {
  replaceSync(target, (temp) => writeFileSync(temp, content, { flag: "wx", ...(mode === undefined ? {} : { mode }) }));
}

/** Text gathered before one write: few system calls, and never the whole file as one string. */
const CHUNK_CHARS = 64 * 1024;

/**
 * writeFileAtomicSync for a file given as pieces of text, written as they come in chunks of about 64 KB. A file of
 * several megabytes then never exists as one string (two bytes a character when any piece is not ASCII) nor as one
 * buffer: the peak memory of a sync writing a large catalogue.
 */
export function writePiecesAtomicSync(target: string, pieces: Iterable<string>): void {
  replaceSync(target, (temp) => {
    const fd = openSync(temp, "wx");
    try {
      let pending: string[] = [];
      let chars = 0;
      for (const piece of pieces) {
        pending.push(piece);
        chars += piece.length;
        if (chars >= CHUNK_CHARS) {
          writeAllSync(fd, pending.join(""));
          pending = [];
          chars = 0;
        }
      }
      if (pending.length > 0) writeAllSync(fd, pending.join(""));
    } finally {
      closeSync(fd);
    }
  });
}

/** Writes a staging file beside `target` and renames it into place; a failure removes the staging file. */
function replaceSync(target: string, writeTemp: (temp: string) => void): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = siblingPath(target, "tmp");
  try {
    writeTemp(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** write(2) may write less than asked (a full disk shows on the next call): loop as writeFileSync does. */
function writeAllSync(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

// The reads below are one system call each: made synchronously, they cost microseconds, where a call through the
// thread pool costs a round trip and a promise, and read commands make dozens of them.

export async function exists(target: string): Promise<boolean> {
  try {
    lstatSync(target);
    return true;
  } catch {
    return false;
  }
}

/** A small file's text, or undefined when it cannot be read (absent, most often: the caller knows what that means). */
export function readTextIfThere(target: string): string | undefined {
  try {
    return readFileSync(target, "utf8");
  } catch {
    return undefined;
  }
}

export function readBytesIfThere(target: string): Buffer | undefined {
  try {
    return readFileSync(target);
  } catch {
    return undefined;
  }
}

/**
 * A file's first bytes (fewer when it is shorter), or undefined when it cannot be read: for what a file says at its
 * start (a launcher's shebang, a dirstate's parent, a build time), without reading the rest.
 */
export function readHeadIfThere(target: string, bytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(target, "r");
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export async function readJsonFile(target: string): Promise<unknown> {
  return JSON.parse(readFileSync(target, "utf8")) as unknown;
}
