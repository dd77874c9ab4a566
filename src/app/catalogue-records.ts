// One line of JSON per community module beside the catalogue, found by the byte range the search view gives it:
// `module info` reads its one module, not the whole index (a tenth of a second of parsing at 2 000 modules).
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import type { CommunityModule } from "../core/types.js";
import { writePiecesAtomicSync } from "../system/fs-atomic.js";

export function recordsPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-modules.jsonl");
}

/** Where each module's line is, by name: [byte offset, byte length]. */
export type RecordRanges = Map<string, [offset: number, length: number]>;

/**
 * Writes the records file, a line per module as `JSON.stringify({ builtAt, module })` makes it, and answers each
 * module's range in it. Every line carries the catalogue's build time, so a line read through the ranges of another
 * build (a sync in between) is known for what it is. Each line is made as it is written, and is garbage after:
 * lines kept for the whole file made a sync's young generation grow to its largest.
 */
export function writeRecords(cacheDir: string, builtAt: string, modules: readonly CommunityModule[]): RecordRanges {
  const ranges: RecordRanges = new Map();
  const head = `{"builtAt":${JSON.stringify(builtAt)},"module":`;
  let offset = 0;
  function* lines(): Generator<string> {
    for (const module of modules) {
      const line = `${head}${JSON.stringify(module)}}\n`;
      const length = Buffer.byteLength(line);
      ranges.set(module.name, [offset, length]);
      offset += length;
      yield line;
    }
  }
  writePiecesAtomicSync(recordsPath(cacheDir), lines());
  return ranges;
}

/** The module at that range, if the line there is of this build and of this module; undefined otherwise. */
export async function readRecord(cacheDir: string, builtAt: string, name: string, [offset, length]: [number, number]): Promise<CommunityModule | undefined> {
  let fd: number | undefined;
  try {
    // Synchronous calls: three system calls for one line, where the thread pool would cost a round trip each.
    fd = openSync(recordsPath(cacheDir), "r");
    const buffer = Buffer.alloc(length);
    const bytesRead = readSync(fd, buffer, 0, length, offset);
    const parsed = JSON.parse(buffer.subarray(0, bytesRead).toString("utf8")) as { builtAt?: unknown; module?: { name?: unknown } };
    return parsed.builtAt === builtAt && parsed.module?.name === name ? (parsed.module as CommunityModule) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
