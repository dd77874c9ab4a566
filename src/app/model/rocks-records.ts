import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import { tryModuleName } from "../../core/names.js";
import type { InstallReason, ModuleName } from "../../core/types.js";
import { readJsonFile, writeFileAtomic } from "../../system/fs-atomic.js";

/** What prosody-manager installed into the rocks tree: LuaRocks itself records no pin and no reason. */
export interface RockRecord {
  name: ModuleName;
  version: string;
  pinned: boolean;
  reason: InstallReason;
  treeHash: string;
}

// Kept inside the tree so the record travels with the rocks it describes; LuaRocks ignores unknown files there.
const RECORDS_FILE = ".prosody-manager.json";

export function rockRecordsPath(tree: string): string {
  return path.join(tree, RECORDS_FILE);
}

export async function readRockRecords(tree: string): Promise<Map<ModuleName, RockRecord>> {
  const file = rockRecordsPath(tree);
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return new Map();
    throw failure(`the record of installed rocks ${file} is not valid JSON`, "move it aside; rocks then show as installed by someone else");
  }
  const out = new Map<ModuleName, RockRecord>();
  const rocks = typeof raw === "object" && raw !== null && Array.isArray((raw as { rocks?: unknown }).rocks) ? (raw as { rocks: unknown[] }).rocks : [];
  for (const item of rocks) {
    if (typeof item !== "object" || item === null) continue;
    const entry = item as Record<string, unknown>;
    const name = typeof entry.name === "string" ? tryModuleName(entry.name) : undefined;
    if (!name || typeof entry.version !== "string" || typeof entry.treeHash !== "string") continue;
    out.set(name, { name, version: entry.version, pinned: entry.pinned === true, reason: entry.reason === "dependency" ? "dependency" : "requested", treeHash: entry.treeHash });
  }
  return out;
}

export async function writeRockRecords(tree: string, records: ReadonlyMap<ModuleName, RockRecord>): Promise<void> {
  const rocks = [...records.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  await writeFileAtomic(rockRecordsPath(tree), `${JSON.stringify({ schema: 1, rocks }, null, 2)}\n`, 0o644);
  await fs.chmod(rockRecordsPath(tree), 0o644);
}
