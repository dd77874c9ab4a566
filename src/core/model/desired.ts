// Pure changes to the desired state: what install, remove, update, pin and migrate mean before anything is touched.
import type { InstallReason, ModuleName, Source } from "../types.js";
import type { LockedCommunityModule, LockedRock, Lockfile } from "./lockfile.js";

export type Locked<S extends Source> = S extends "community" ? LockedCommunityModule : LockedRock;

function sourceMap<S extends Source>(lockfile: Lockfile, source: S): ReadonlyMap<ModuleName, Locked<S>> {
  return (source === "community" ? lockfile.community : lockfile.rocks) as ReadonlyMap<ModuleName, Locked<S>>;
}

function withSource<S extends Source>(lockfile: Lockfile, source: S, map: Map<ModuleName, Locked<S>>): Lockfile {
  return source === "community"
    ? { community: map as Map<ModuleName, LockedCommunityModule>, rocks: lockfile.rocks }
    : { community: lockfile.community, rocks: map as Map<ModuleName, LockedRock> };
}

/** Adds or replaces entries; a module the admin once asked for stays "requested" when it comes back as a dependency. */
export function upsert<S extends Source>(lockfile: Lockfile, source: S, entries: ReadonlyMap<ModuleName, Locked<S>>): Lockfile {
  const map = new Map(sourceMap(lockfile, source));
  for (const [name, entry] of entries) {
    const before = map.get(name);
    const reason: InstallReason = before?.reason === "requested" ? "requested" : entry.reason;
    map.set(name, { ...entry, reason });
  }
  return withSource(lockfile, source, map);
}

/**
 * Removes modules and, unless `keepDeps`, the dependencies nothing else needs any more (the orphans), like
 * `apt autoremove` in the same step. Answers the orphans so the plan can name them.
 */
export function removeWithOrphans(lockfile: Lockfile, source: Source, names: Iterable<ModuleName>, keepDeps: boolean): { lockfile: Lockfile; orphans: ModuleName[] } {
  const map = new Map<ModuleName, LockedCommunityModule | LockedRock>(sourceMap(lockfile, source));
  for (const name of names) map.delete(name);
  const orphans = keepDeps ? [] : unreachableDependencies(map);
  for (const name of orphans) map.delete(name);
  return { lockfile: withSource(lockfile, source, map as Map<ModuleName, Locked<typeof source>>), orphans };
}

/** Dependencies that no requested module reaches through `requires`. */
export function unreachableDependencies(map: ReadonlyMap<ModuleName, { reason: InstallReason; requires: readonly ModuleName[] }>): ModuleName[] {
  const reached = new Set<ModuleName>();
  const visit = (name: ModuleName): void => {
    if (reached.has(name)) return;
    reached.add(name);
    for (const dependency of map.get(name)?.requires ?? []) visit(dependency);
  };
  for (const [name, entry] of map) if (entry.reason === "requested") visit(name);
  return [...map.keys()].filter((name) => !reached.has(name)).sort();
}

export function setPinned(lockfile: Lockfile, source: Source, name: ModuleName, pinned: boolean): Lockfile {
  const map = new Map<ModuleName, LockedCommunityModule | LockedRock>(sourceMap(lockfile, source));
  const entry = map.get(name);
  if (entry) map.set(name, { ...entry, pinned });
  return withSource(lockfile, source, map as Map<ModuleName, Locked<typeof source>>);
}

/** Where a module is locked: community, rocks, both or neither. */
export function lockedSources(lockfile: Lockfile, name: ModuleName): Source[] {
  const out: Source[] = [];
  if (lockfile.community.has(name)) out.push("community");
  if (lockfile.rocks.has(name)) out.push("rocks");
  return out;
}

/** Records hashes (and for rocks, resolved dependencies) learnt while applying, so the lockfile holds what was installed. */
export function withApplied(
  lockfile: Lockfile,
  applied: { community: ReadonlyMap<ModuleName, string>; rocks: ReadonlyMap<ModuleName, { treeHash: string; requires: ModuleName[] }> },
): Lockfile {
  const community = new Map(lockfile.community);
  for (const [name, treeHash] of applied.community) {
    const entry = community.get(name);
    if (entry) community.set(name, { ...entry, treeHash });
  }
  const rocks = new Map(lockfile.rocks);
  for (const [name, facts] of applied.rocks) {
    const entry = rocks.get(name);
    if (entry) rocks.set(name, { ...entry, treeHash: facts.treeHash, requires: facts.requires });
  }
  return { community, rocks };
}
