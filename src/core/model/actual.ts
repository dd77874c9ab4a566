// The actual state: what is on disk now, read by app/actual-state.ts and compared with the lockfile by plan.ts.
import type { FileChanges } from "../file-changes.js";
import type { InstallReason, ModuleName } from "../types.js";

/**
 * - ok: recorded by prosody-manager and unchanged since;
 * - modified: recorded, but files were edited, added or deleted by hand;
 * - missing: recorded, but the directory is gone;
 * - unmanaged: a module directory prosody-manager did not install.
 */
export type CopyStatus = "ok" | "modified" | "missing" | "unmanaged";

export interface ActualCommunityModule {
  name: ModuleName;
  path: string;
  status: CopyStatus;
  /** What the state file recorded; undefined for unmanaged copies. */
  revision: string | undefined;
  pinned: boolean;
  reason: InstallReason;
  recordedHash: string | undefined;
  /** The hash of the files now (undefined when missing). */
  currentHash: string | undefined;
}

export interface ActualRock {
  name: ModuleName;
  version: string;
  /** Rocks this one depends on, as LuaRocks resolved them at install. */
  requires: ModuleName[];
  currentHash: string;
  /** Recorded by prosody-manager (pinned/reason/hash), or installed by someone else (prosodyctl, luarocks). */
  managed: boolean;
  pinned: boolean;
  reason: InstallReason;
  recordedHash: string | undefined;
  status: CopyStatus;
  /**
   * Its files against the md5 sums LuaRocks recorded in its rock_manifest; undefined when it has none, and in a state
   * read only to be shown (readActualStateToShow), which nothing shown needs it for.
   */
  fileChanges: FileChanges | undefined;
}

export interface ActualState {
  community: ReadonlyMap<ModuleName, ActualCommunityModule>;
  rocks: ReadonlyMap<ModuleName, ActualRock>;
}

/** Revisions are recorded short (older state files) or full; a short one names the full one it prefixes. */
export function sameRevision(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** The files of a rock that differ from what LuaRocks installed, edited first. */
export function rockLocalChanges(rock: ActualRock): string[] {
  const changes = rock.fileChanges;
  return changes ? [...changes.modified, ...changes.removed, ...changes.added] : [];
}

/**
 * Why replacing or removing this rock would destroy local work, or undefined: files that differ from its
 * rock_manifest (whoever installed it), or a tree hash that differs from the one prosody-manager recorded.
 */
export function rockLocalWork(rock: ActualRock): string | undefined {
  const files = rockLocalChanges(rock);
  if (files.length === 0 && rock.status !== "modified") return undefined;
  return `rock ${rock.name} ${rock.version}${files.length > 0 ? ` (${files.join(", ")})` : ""} has local changes`;
}
