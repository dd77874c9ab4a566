import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import { joinerUnder } from "../core/child-path.js";
import { failure } from "../core/errors.js";
import { formatBytes } from "./limits.js";

/** Something in a module tree that is not a plain file or directory: never followed, copied or read. */
export interface Refusal {
  file: string;
  reason: string;
}

/**
 * Relative paths of every regular file below `root`, sorted, `/`-separated. Symbolic links, devices, FIFOs and
 * sockets are refused: a module from a source is plain files, and a link (README.md -> /etc/shadow) or a device
 * (-> /dev/zero) would otherwise be printed, copied into the plugin directory or read for ever. Without `onRefused`
 * the first one ends the walk with an error naming it.
 */
export async function listFiles(root: string, onRefused?: (refusal: Refusal) => void): Promise<string[]> {
  return listTree(root, onRefused).files;
}

/** listFiles, with the relative paths of every directory too (the root as ""), empty ones included. */
export function listTree(root: string, onRefused?: (refusal: Refusal) => void): { files: string[]; dirs: string[] } {
  const out: string[] = [];
  const dirs: string[] = [""];
  const refuse = (file: string, reason: string): void => {
    if (!onRefused) throw failure(`refusing ${path.join(root, file)}: ${reason}`, "a module tree holds only plain files and directories");
    onRefused({ file, reason });
  };
  // Synchronous calls in an async function: a module tree is a few files in the page cache, and each awaited call
  // would be a round trip through libuv's thread pool, most of the time a read command spends on a tree.
  const under = joinerUnder(root);
  const walk = (dir: string, prefix: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      // readdir reports the entry itself (lstat), so a link to a directory is a link here, never walked into.
      if (entry.isDirectory()) {
        dirs.push(relative);
        walk(under(relative), relative);
      } else if (entry.isFile()) out.push(relative);
      else refuse(relative, entry.isSymbolicLink() ? "a symbolic link" : "not a regular file (a device, FIFO or socket)");
    }
  };
  walk(root, "");
  return { files: out.sort(), dirs };
}

// O_NONBLOCK so that opening a FIFO planted in place of a file returns at once instead of waiting for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A regular file opened without following a link and checked through its descriptor (a regular file, not above
 * `maxBytes`), so swapping in a link or a device after the listing gains nothing. Answers the open descriptor and
 * the size it had.
 */
function openRegular(file: string, maxBytes: number): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw failure(`refusing ${file}: a symbolic link`);
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw failure(`refusing ${file}: not a regular file`);
    if (stat.size > maxBytes) throw failure(`refusing ${file}: larger than ${formatBytes(maxBytes)}`);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A regular file's bytes (openRegular's checks); synchronous for the reason listFiles gives. */
export async function readRegularFile(file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const { fd } = openRegular(file, maxBytes);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

let textBuffer = Buffer.alloc(0);

/**
 * readRegularFile's checks and a file's text, into one buffer reused from call to call: for the thousands of small
 * files of a sync's index, a new buffer per file cost more than the reading and left the heap outside V8 larger and
 * fragmented.
 */
export function readRegularTextSync(file: string, maxBytes = Number.POSITIVE_INFINITY): string {
  const { fd, size } = openRegular(file, maxBytes);
  try {
    // One byte more than the size, to see the end of the file rather than trust a size it may have outgrown.
    if (textBuffer.length < size + 1) textBuffer = Buffer.allocUnsafe(Math.max(64 * 1024, size + 1));
    let length = 0;
    for (;;) {
      if (length === textBuffer.length) {
        const bigger = Buffer.allocUnsafe(textBuffer.length * 2);
        textBuffer.copy(bigger, 0, 0, length);
        textBuffer = bigger;
      }
      const read = readSync(fd, textBuffer, length, textBuffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw failure(`refusing ${file}: larger than ${formatBytes(maxBytes)}`);
    }
    return textBuffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}
