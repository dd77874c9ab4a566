import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeMode } from "../core/access.js";
import type { Account } from "../system/accounts.js";
import { runChecked } from "../system/exec.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { handOverTree } from "../system/hand-over.js";
import { unreadableIn, untraversableAbove } from "./prosody-reach.js";
import type { ProsodyAccount } from "./prosody-account.js";
import type { RocksTarget } from "./rocks-context.js";

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
export async function shareTreeWithProsody(tree: string, owner: Account | undefined): Promise<boolean> {
  if (process.getuid?.() !== 0 || owner === undefined) return false;
  await handOverTree(tree, { uid: owner.uid, gid: owner.gid, dirBits: 0o750, fileBits: 0o640 });
  return true;
}


export interface LuaRocksRunAs {
  /** Undefined: LuaRocks runs as we do. */
  account?: Account;
  /** Why LuaRocks runs as root although there is a prosody user. */
  warning?: string;
}

/**
 * prosodyctl, started as root, runs LuaRocks as the prosody user; so do we. A rock's build may run any command (build
 * types "command" and "make"), and a rocks server is not trusted with root: as prosody, what a hostile rock runs can
 * reach what Prosody itself can, no more. LuaRocks then needs to reach the tree (handed to prosody before it runs,
 * see handTreeToProsody) and to read a rocks server that is a local directory. Where the prosody user cannot, it runs
 * as root as before, and the warning says why: Prosody could not load rocks from a tree it cannot reach either.
 */
export async function luarocksRunAs(target: RocksTarget, runs: ProsodyAccount): Promise<LuaRocksRunAs> {
  // run_as_root: prosodyctl stays root for LuaRocks too. No prosody account at all: Prosody is not installed as a
  // service here, and LuaRocks runs as before.
  if (process.getuid?.() !== 0 || runs.runAsRoot) return {};
  const prosody = runs.account;
  if (!prosody) return runs.user === "prosody" ? {} : { warning: `LuaRocks runs as root: prosody_user '${runs.user}' (or its prosody_group) is no account here` };
  const asRoot = (why: string): LuaRocksRunAs => ({ warning: `LuaRocks runs as root, not as ${prosody.name}: ${why}` });
  // The hand-over follows no link, not even the tree's own: prosody may own the directory holding it.
  if ((await fs.lstat(target.tree).catch(() => undefined))?.isSymbolicLink()) {
    return asRoot(`the installer tree ${target.tree} is a symbolic link, which is not handed over (give the directory it points to instead)`);
  }
  const [blocked] = await untraversableAbove(target.tree, prosody);
  if (blocked) {
    return asRoot(`${prosody.name} cannot pass through ${blocked.path} (${describeMode(blocked.stat)}) to ${target.tree}, so Prosody cannot load rocks from there either`);
  }
  const server = localServerDir(target.server);
  const unreadable = server === undefined ? undefined : await unreadableServer(server, prosody);
  if (unreadable) return asRoot(`${prosody.name} cannot read the rocks server ${unreadable}`);
  return { account: prosody };
}

/** The tree made if need be and given to the account before LuaRocks runs as it: it writes there. */
export async function handTreeToProsody(tree: string, owner: Account): Promise<void> {
  await fs.mkdir(tree, { recursive: true });
  await shareTreeWithProsody(tree, owner);
}

/** A rocks server given as a directory (a path or a file: URL); undefined for one reached over the network. */
export function localServerDir(server: string): string | undefined {
  if (/^file:/i.test(server)) return fileURLToPath(server);
  return /^[a-z][a-z0-9+.-]*:/i.test(server) ? undefined : path.resolve(server);
}

/** The first thing of a local rocks server the account cannot read: a directory above it, it, or one of its files. */
async function unreadableServer(dir: string, account: Account): Promise<string | undefined> {
  // A server written with umask 077 has every file 0600: LuaRocks as prosody would fail on the first it reads.
  const [first] = await unreadableIn(dir, account);
  if (!first) return undefined;
  const mode = describeMode(first.stat);
  if (first.kind === "traverse") return `${dir}: it cannot pass through ${first.path} (${mode})`;
  return first.path === path.resolve(dir) ? `${dir} (${mode})` : `${dir}: ${first.path} (${mode})`;
}
