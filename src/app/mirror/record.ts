import { promises as fs } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../system/fs-atomic.js";

/** Where a mirror came from, so `mirror update DIR` needs no flags repeated. */
export interface MirrorRecord {
  communityUrl: string;
  rocksServer: string;
  all: boolean;
}

export const RECORD_NAME = "prosody-manager-mirror.json";

export async function readMirrorRecord(dir: string): Promise<MirrorRecord | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, RECORD_NAME), "utf8")) as unknown;
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  if (typeof record.communityUrl !== "string" || typeof record.rocksServer !== "string") return undefined;
  return { communityUrl: record.communityUrl, rocksServer: record.rocksServer, all: record.all === true };
}

export async function writeMirrorRecord(dir: string, record: MirrorRecord): Promise<void> {
  await writeFileAtomic(path.join(dir, RECORD_NAME), `${JSON.stringify(record, null, 2)}\n`, 0o644);
}
