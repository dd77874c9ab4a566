import { promises as fs } from "node:fs";
import path from "node:path";
import { type AccountIds, canRead, canTraverse, type Ownership } from "../core/access.js";
import type { AccessKind } from "../system/access-as.js";

export interface Unreachable {
  path: string;
  stat: Ownership;
  /** What the account needs to do there: only pass through, list and enter, or read. */
  kind: AccessKind;
}

/** A file's owner and mode as the access rules read them; undefined when it is not there. */
export async function ownership(file: string): Promise<Ownership | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? { uid: stat.uid, gid: stat.gid, mode: stat.mode, isDirectory: stat.isDirectory() } : undefined;
}

/** The directories above `target`, from the root down, that `account` cannot pass through (those that exist). */
export async function untraversableAbove(target: string, account: AccountIds): Promise<Unreachable[]> {
  const out: Unreachable[] = [];
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const stat = await ownership(dir);
    if (stat && !canTraverse(stat, account)) out.unshift({ path: dir, stat, kind: "traverse" });
    if (dir === path.dirname(dir)) break;
  }
  return out;
}

/**
 * Every directory above `root` the account cannot pass through, then whatever below it it cannot read (not descending
 * into those). Entries at the top whose names start with a dot are prosody-manager's own records, locks and backups
 * (0700 on purpose): not the account's to read.
 */
export async function unreadableIn(root: string, account: AccountIds): Promise<Unreachable[]> {
  const absolute = path.resolve(root);
  const out = await untraversableAbove(absolute, account);
  const walk = async (dir: string, top: boolean): Promise<void> => {
    const stat = await ownership(dir);
    if (!stat) return;
    if (!canRead(stat, account)) {
      out.push({ path: dir, stat, kind: "read-dir" });
      return;
    }
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (top && entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, false);
      else if (entry.isFile()) {
        const file = await ownership(full);
        if (file && !canRead(file, account)) out.push({ path: full, stat: file, kind: "read-file" });
      }
    }
  };
  await walk(absolute, true);
  return out;
}
