import { prosodyAccount } from "../system/accounts.js";
import { promises as fs } from "node:fs";
import { runChecked } from "../system/exec.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { handOverTree } from "../system/hand-over.js";

/**
 * Runs LuaRocks against the tree with a copy of the tree kept beside it: LuaRocks installs dependencies one by one
 * and leaves them behind when a later step fails, so on any failure the copy is put back and the tree is exactly as
 * it was. A tree that did not exist before is removed again.
 */
export interface TreeBackupHooks {
  /** Before the copy starts: a copy cut short is debris. */
  copying?(backup: string): void;
  /** The copy is whole: from now on it is what an undo puts back. */
  copied?(backup: string): void;
}

export async function withTreeBackup<T>(tree: string, work: () => Promise<T>, hooks: TreeBackupHooks = {}): Promise<T> {
  const existed = await exists(tree);
  const backup = siblingPath(tree, "backup");
  // cp -a keeps owners and modes, which Node's fs.cp does not; the restored tree must be the tree that was.
  if (existed) {
    hooks.copying?.(backup);
    await runChecked("cp", ["-a", "--", tree, backup], "copying the rocks tree aside");
    hooks.copied?.(backup);
  }
  try {
    const result = await work();
    await fs.rm(backup, { recursive: true, force: true });
    return result;
  } catch (error) {
    await fs.rm(tree, { recursive: true, force: true });
    if (existed) await fs.rename(backup, tree);
    throw error;
  }
}

/**
 * prosodyctl runs LuaRocks as the prosody user (umask 027), so its trees belong to prosody. When we run as root we
 * hand the tree over the same way, so Prosody can read it and `prosodyctl install` can still write to it.
 */
export async function shareTreeWithProsody(tree: string): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const owner = await prosodyAccount();
  if (owner === undefined) return false;
  await handOverTree(tree, { uid: owner.uid, gid: owner.gid, dirBits: 0o750, fileBits: 0o640 });
  return true;
}

