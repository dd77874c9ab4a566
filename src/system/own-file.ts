import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";

/**
 * A file's bytes when this user owns it and no one else may change it; undefined otherwise, or when it is not there.
 * For files a run trusts without checking their content (bytecode it executes, digests it believes): a cache
 * directory another account can write to must not become a way to make a root run believe or run something.
 */
export function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
