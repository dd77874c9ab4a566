// A sync that learns nothing new leaves the catalogue's 3 MB as they are and writes only when it confirmed them: the
// catalogue's own times (builtAt, the rocks' fetchedAt) say when it was built, this file when a sync last found it
// current. Rewriting the whole catalogue for two times cost a nothing-new sync more than its own start.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { isRecord } from "../core/json-shape.js";
import { writeFileAtomicSync } from "../system/fs-atomic.js";

const STAMP_FILE = "catalogue-synced.json";

export interface SyncStamp {
  /** The build of the catalogue the sync confirmed: a stamp of another build is stale and ignored. */
  builtAt: string;
  syncedAt: string;
}

export function writeSyncStamp(cacheDir: string, stamp: SyncStamp): void {
  writeFileAtomicSync(path.join(cacheDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
}

/** A rebuilt catalogue carries its own time: the stamp of the one before goes. */
export function removeSyncStamp(cacheDir: string): void {
  rmSync(path.join(cacheDir, STAMP_FILE), { force: true });
}

/** When a sync last found the catalogue built at `builtAt` current: that build's time when none did since. */
export function lastSyncedAt(cacheDir: string, builtAt: string): string {
  try {
    const stamp: unknown = JSON.parse(readFileSync(path.join(cacheDir, STAMP_FILE), "utf8"));
    if (isRecord(stamp) && stamp.builtAt === builtAt && typeof stamp.syncedAt === "string" && stamp.syncedAt > builtAt) return stamp.syncedAt;
  } catch {
    // No stamp, or a damaged one: the build's own time is the last sync known.
  }
  return builtAt;
}
