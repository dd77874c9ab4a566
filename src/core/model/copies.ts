// Every copy of a module on this machine and the one Prosody loads: read by app/module-copies.ts, shown by info,
// search, list and outdated, and asked by install, enable and remove before they change anything.
import type { InstallReason, ModuleName } from "../types.js";
import type { CopyStatus } from "./actual.js";

/**
 * Where a copy came from: a community module directory (installed by prosody-manager or copied in by hand, in any
 * plugin_paths entry), a rock in the installer tree, or Prosody's own module directory.
 */
export type CopySource = "community" | "rocks" | "builtin";

/** Which kind of directory of Prosody's search path holds a copy. */
export type SearchDirKind = "installer" | "plugin_paths" | "builtin";

export interface SearchDir {
  dir: string;
  kind: SearchDirKind;
}

export interface ModuleCopy {
  source: CopySource;
  /** The search-path directory that holds it. */
  dir: string;
  /** What the copy is on disk: its module directory (or file), or the tree a rock is in. */
  path: string;
  /** The file Prosody's loader opens; undefined when a recorded copy is gone or holds no module file. */
  file: string | undefined;
  /** The recorded community revision or the rock's version; undefined for hand-made and built-in copies. */
  version: string | undefined;
  /** Recorded copies: ok, modified or missing; anything prosody-manager did not install: unmanaged. */
  status: CopyStatus | "builtin";
  pinned: boolean;
  /** Why a recorded copy is there (asked for, or pulled in by another); undefined for anything not recorded. */
  reason: InstallReason | undefined;
}

export interface ModuleCopies {
  name: ModuleName;
  /** In Prosody's search order. */
  copies: ModuleCopy[];
  /** The copy Prosody loads: the first one in search order whose file is there. */
  loaded: ModuleCopy | undefined;
}

/**
 * The files Prosody 0.12's loader tries in one directory, in its order (util/pluginloader.lua plus the installer
 * tree's Lua path). There is no init.lua.
 */
export function loaderCandidates(name: ModuleName, luaVersion: string): string[] {
  const short = name.slice("mod_".length);
  return [`${name}/${short}/${name}.lua`, `${name}/${name}.lua`, `${short}/${name}.lua`, `${name}.lua`, `share/lua/${luaVersion}/${name}.lua`, `share/lua/${luaVersion}/${name}/${name}.lua`];
}

/**
 * Orders a module's copies as Prosody searches (by the index of their directory in the search path; copies in
 * directories it does not search come last) and names the one it loads.
 */
export function collectCopies(name: ModuleName, copies: readonly ModuleCopy[], searchPath: readonly SearchDir[]): ModuleCopies {
  const rank = (copy: ModuleCopy): number => {
    const index = searchPath.findIndex((entry) => entry.dir === copy.dir);
    return index < 0 ? searchPath.length : index;
  };
  const ordered = copies.map((copy, index) => ({ copy, index })).sort((a, b) => rank(a.copy) - rank(b.copy) || a.index - b.index).map((item) => item.copy);
  return { name, copies: ordered, loaded: ordered.find((copy) => copy.file !== undefined && rank(copy) < searchPath.length) };
}

/** What a copy is to Prosody now: the one it loads, one it skips for an earlier copy, or one with no file to load. */
export type CopyRole = "loaded" | "shadowed" | "absent";

export function copyRole(copies: ModuleCopies, copy: ModuleCopy): CopyRole {
  if (copy === copies.loaded) return "loaded";
  return copy.file === undefined ? "absent" : "shadowed";
}

/** Copies there are files for: what Prosody could load, and what another copy can shadow. */
export function presentCopies(copies: ModuleCopies): ModuleCopy[] {
  return copies.copies.filter((copy) => copy.file !== undefined);
}

/** "the rock mod_x 2-1", "the community copy at /dir", "the built-in module": a copy in words. */
export function copyWords(copy: ModuleCopy): string {
  if (copy.source === "builtin") return "the built-in module";
  if (copy.source === "rocks") return `the rock${copy.version ? ` ${copy.version}` : ""} in ${copy.dir}`;
  return `the ${copy.status === "unmanaged" ? "hand-installed" : "community"} copy in ${copy.dir}`;
}

/**
 * What installing a copy into a directory does to the copies already there, in Prosody's search order: the new copy
 * either shadows the one that loads now, or is itself shadowed by one that comes first. Other copies in the same
 * directory are the ones being replaced, so they say nothing.
 */
export function shadowingNotes(copies: ModuleCopies, target: SearchDir, source: CopySource, searchPath: readonly SearchDir[]): string[] {
  const position = searchPath.findIndex((entry) => entry.dir === target.dir);
  if (position < 0) return [];
  const others = presentCopies(copies).filter((copy) => copy.dir !== target.dir);
  const before = others.find((copy) => searchPath.findIndex((entry) => entry.dir === copy.dir) < position);
  const what = source === "rocks" ? "the rock" : "the community copy";
  if (before) return [`${copies.name}: Prosody loads ${copyWords(before)} first; ${what} being installed will not be loaded while that is there`];
  const after = others.filter((copy) => searchPath.findIndex((entry) => entry.dir === copy.dir) > position);
  return after.length > 0 ? [`${copies.name}: ${what} will shadow ${after.map(copyWords).join(" and ")}; Prosody loads the new copy`] : [];
}
