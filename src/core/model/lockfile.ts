// The desired state: what an admin commits to git and what `module apply` makes a machine match.
import { tryModuleName } from "../names.js";
import { ROCK_VERSION } from "../rock-version.js";
import type { InstallReason, ModuleName } from "../types.js";
import { isRecord } from "../json-shape.js";

export const LOCKFILE_VERSION = 1;

export interface LockedCommunityModule {
  /** The full changeset hash (40 hex digits) the module's directory is exported from. */
  revision: string;
  pinned: boolean;
  reason: InstallReason;
  /** sha256 of the installed tree; undefined only until the first install writes it. */
  treeHash: string | undefined;
  /** Community modules this one needs: what keeps a dependency from being an orphan. */
  requires: ModuleName[];
}

export interface LockedRock {
  version: string;
  pinned: boolean;
  reason: InstallReason;
  treeHash: string | undefined;
  requires: ModuleName[];
}

export interface Lockfile {
  community: ReadonlyMap<ModuleName, LockedCommunityModule>;
  rocks: ReadonlyMap<ModuleName, LockedRock>;
}

export const EMPTY_LOCKFILE: Lockfile = { community: new Map(), rocks: new Map() };

const FULL_NODE = /^[0-9a-f]{40}$/;
const TREE_HASH = /^sha256-[0-9a-f]{64}$/;

export function isFullNode(revision: string): boolean {
  return FULL_NODE.test(revision) && !/^f{40}$/.test(revision);
}

/** Strict: a lockfile is the admin's statement of intent, so anything that does not fit is an error, not a guess. */
export function parseLockfile(raw: unknown): { lockfile: Lockfile; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw) || raw.lockfileVersion !== LOCKFILE_VERSION) {
    return { lockfile: EMPTY_LOCKFILE, problems: [`not a prosody-manager lockfile (lockfileVersion ${LOCKFILE_VERSION})`] };
  }
  const community = new Map<ModuleName, LockedCommunityModule>();
  for (const [key, value] of entries(raw.community, "community", problems)) {
    const name = validName(key, problems);
    const common = name ? lockedCommon(value, `community.${key}`, problems) : undefined;
    if (!name || !common || !isRecord(value)) continue;
    if (typeof value.revision !== "string" || !isFullNode(value.revision)) {
      problems.push(`community.${key}: revision must be a full 40-hex changeset hash`);
      continue;
    }
    community.set(name, { ...common, revision: value.revision });
  }
  const rocks = new Map<ModuleName, LockedRock>();
  for (const [key, value] of entries(raw.rocks, "rocks", problems)) {
    const name = validName(key, problems);
    const common = name ? lockedCommon(value, `rocks.${key}`, problems) : undefined;
    if (!name || !common || !isRecord(value)) continue;
    if (typeof value.version !== "string" || !ROCK_VERSION.test(value.version)) {
      problems.push(`rocks.${key}: version must look like 3-1`);
      continue;
    }
    rocks.set(name, { ...common, version: value.version });
  }
  return { lockfile: { community, rocks }, problems };
}

function lockedCommon(value: unknown, where: string, problems: string[]): Omit<LockedCommunityModule, "revision"> | undefined {
  if (!isRecord(value)) {
    problems.push(`${where}: not an object`);
    return undefined;
  }
  if (value.treeHash !== undefined && value.treeHash !== null && (typeof value.treeHash !== "string" || !TREE_HASH.test(value.treeHash))) {
    problems.push(`${where}: treeHash must be sha256-<64 hex>`);
    return undefined;
  }
  if (value.reason !== undefined && value.reason !== "requested" && value.reason !== "dependency") {
    problems.push(`${where}: reason must be "requested" or "dependency"`);
    return undefined;
  }
  const requires: ModuleName[] = [];
  if (value.requires !== undefined) {
    if (!Array.isArray(value.requires)) {
      problems.push(`${where}: requires must be a list of module names`);
      return undefined;
    }
    for (const item of value.requires) {
      const name = typeof item === "string" ? tryModuleName(item) : undefined;
      if (!name || name !== item) {
        problems.push(`${where}: requires holds an invalid module name`);
        return undefined;
      }
      requires.push(name);
    }
  }
  return {
    pinned: value.pinned === true,
    reason: value.reason === "dependency" ? "dependency" : "requested",
    treeHash: typeof value.treeHash === "string" ? value.treeHash : undefined,
    requires: [...new Set(requires)].sort(),
  };
}

function entries(value: unknown, where: string, problems: string[]): [string, unknown][] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    problems.push(`${where} must be an object keyed by module name`);
    return [];
  }
  return Object.entries(value);
}

function validName(key: string, problems: string[]): ModuleName | undefined {
  const name = tryModuleName(key);
  if (!name || name !== key) {
    problems.push(`'${key.slice(0, 60)}' is not a module name (mod_x)`);
    return undefined;
  }
  return name;
}

/** Stable order and one key a line, so that a change to one module is a small diff in git. */
export function serializeLockfile(lockfile: Lockfile): string {
  const community: Record<string, unknown> = {};
  for (const [name, item] of sorted(lockfile.community)) {
    community[name] = { revision: item.revision, pinned: item.pinned, reason: item.reason, treeHash: item.treeHash ?? null, requires: item.requires };
  }
  const rocks: Record<string, unknown> = {};
  for (const [name, item] of sorted(lockfile.rocks)) {
    rocks[name] = { version: item.version, pinned: item.pinned, reason: item.reason, treeHash: item.treeHash ?? null, requires: item.requires };
  }
  return `${JSON.stringify({ lockfileVersion: LOCKFILE_VERSION, community, rocks }, null, 2)}\n`;
}

function sorted<T>(map: ReadonlyMap<ModuleName, T>): [ModuleName, T][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

