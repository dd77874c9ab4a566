// One line of JSON per community module beside the catalogue, found by the byte range the search view gives it:
// `module info` reads its one module, not the whole index (a tenth of a second of parsing at 2 000 modules).
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import type { CommunityModule } from "../core/types.js";

export function recordsPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-modules.jsonl");
}

/** Where each module's line is, by name: [byte offset, byte length]. */
export type RecordRanges = Map<string, [offset: number, length: number]>;

/**
 * The records file's text, and each module's range in it. Every line carries the catalogue's build time, so a line
 * read through the ranges of another build (a sync in between) is known for what it is.
 */
export function encodeRecords(builtAt: string, modules: readonly CommunityModule[]): { text: string; ranges: RecordRanges } {
  const ranges: RecordRanges = new Map();
  const lines: string[] = [];
  let offset = 0;
  for (const module of modules) {
    const line = `${JSON.stringify({ builtAt, module })}\n`;
    const length = Buffer.byteLength(line);
    ranges.set(module.name, [offset, length]);
    lines.push(line);
    offset += length;
  }
  return { text: lines.join(""), ranges };
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
