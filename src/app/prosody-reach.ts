import { promises as fs } from "node:fs";
import path from "node:path";
import { type AccountIds, canTraverse, type Ownership } from "../core/access.js";

export interface Untraversable {
  path: string;
  stat: Ownership;
}

/** A file's owner and mode as the access rules read them; undefined when it is not there. */
export async function ownership(file: string): Promise<Ownership | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? { uid: stat.uid, gid: stat.gid, mode: stat.mode, isDirectory: stat.isDirectory() } : undefined;
}

/** The directories above `target`, from the root down, that `account` cannot pass through (those that exist). */
export async function untraversableAbove(target: string, account: AccountIds): Promise<Untraversable[]> {
  const out: Untraversable[] = [];
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const stat = await ownership(dir);
    if (stat && !canTraverse(stat, account)) out.unshift({ path: dir, stat });
    if (dir === path.dirname(dir)) break;
  }
  return out;
}
