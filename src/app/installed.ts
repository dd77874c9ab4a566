import { readdirSync } from "node:fs";
import path from "node:path";
import { isUserError } from "../core/errors.js";
import type { InstalledCommunityModule, ModuleName, StateFile } from "../core/types.js";
import type { DigestMemo } from "../system/digest-memo.js";
import { exists } from "../system/fs-atomic.js";
import { hashTree } from "../system/tree-hash.js";
import { STATE_FILE_NAME } from "./state-store.js";

export type InstalledStatus = "ok" | "modified" | "missing";

export interface InstalledModule {
  record: InstalledCommunityModule;
  status: InstalledStatus;
  /** The hash of the files now; undefined when the directory is missing. */
  currentHash: string | undefined;
}

/**
 * Each recorded module's status, from what is on disk now, so a local edit or deletion is noticed. `check(name)`
 * false: the tree is not hashed (a read that only needs to know what is installed, such as search), and a present
 * tree counts as what was recorded. A memo spares hashing trees that look as they did (reads that only show status).
 */
export async function inspectInstalled(state: StateFile, check: (name: ModuleName) => boolean = () => true, memo?: DigestMemo): Promise<Map<ModuleName, InstalledModule>> {
  const out = new Map<ModuleName, InstalledModule>();
  await Promise.all(
    state.modules.map(async (record) => {
      const present = await exists(record.path);
      // A link or device planted in the tree is refused by hashTree: it is not what was installed, so "modified".
      const currentHash = !present
        ? undefined
        : check(record.name)
          ? await hashTree(record.path, memo).catch((error: unknown) => (isUserError(error) ? "refused" : Promise.reject(error)))
          : record.treeHash;
      const status: InstalledStatus = currentHash === undefined ? "missing" : currentHash === record.treeHash ? "ok" : "modified";
      out.set(record.name, { record, status, currentHash });
    }),
  );
  return out;
}

/** `mod_*` entries of the community directory that prosody-manager did not install. */
export async function unmanagedModules(communityDir: string, state: StateFile): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(communityDir);
  } catch {
    return [];
  }
  const managed = new Set(state.modules.map((module) => module.name));
  return entries
    .filter((entry) => entry !== STATE_FILE_NAME && /^mod_[a-z0-9_]+(\.lua)?$/.test(entry))
    .map((entry) => entry.replace(/\.lua$/, ""))
    .filter((name) => !managed.has(name as ModuleName))
    .sort();
}

export function moduleDirIn(communityDir: string, name: ModuleName): string {
  return path.join(communityDir, name);
}
