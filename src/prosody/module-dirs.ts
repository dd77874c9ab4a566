import { type Dirent, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { joinerUnder } from "../core/child-path.js";
import { loaderCandidates } from "../core/model/copies.js";
import type { ModuleName } from "../core/types.js";
import type { DigestInput } from "../system/digest-memo.js";

/**
 * The modules one directory of Prosody's search path holds, each with the file Prosody's loader opens there, found
 * the way the loader looks (loaderCandidates): `mod_x.lua`, `mod_x/mod_x.lua`, `x/mod_x.lua` (muc, adhoc),
 * `mod_x/x/mod_x.lua`, and a LuaRocks tree's `share/lua/<lua>/`. A directory without a module file (a library, a
 * README left by a merged module) is no module. Empty when the directory cannot be read.
 * The directory is read with synchronous calls: Prosody's own modules alone cost a readdir and dozens of stats, each a
 * thread-pool round trip when made asynchronously.
 */
export function modulesInDir(dir: string, luaVersion: string): Map<ModuleName, string> {
  return scanModuleDir(dir, luaVersion).modules;
}

/**
 * modulesInDir, with what its answer rests on, for the digest memo: the directory and every directory in it that the
 * loader looks into (their times change when an entry is added, removed or renamed), the link targets it followed,
 * and the module files inside subdirectories (a link there is no regular file: such an answer is not remembered).
 */
export function modulesInDirWithInputs(dir: string, luaVersion: string): { modules: Map<ModuleName, string>; inputs: DigestInput[] } {
  const { modules, listing } = scanModuleDir(dir, luaVersion);
  const lua = path.join(dir, "share", "lua", luaVersion);
  const inputs: DigestInput[] = [
    { label: "dir", file: dir, kind: "dir" },
    { label: "dir", file: lua, kind: "dir" },
  ];
  for (const [parent, listed] of [[dir, [...listing.values()]], [lua, entries(lua)]] as const) {
    for (const entry of listed) {
      const file = path.join(parent, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(file));
      if (isDir) inputs.push({ label: "dir", file, kind: "dir" });
      else if (entry.isSymbolicLink()) inputs.push({ label: "link", file, kind: "followed" });
      // mod_x/x/mod_x.lua: the loader looks into mod_x/x too.
      if (isDir && entry.name.startsWith("mod_")) inputs.push({ label: "dir", file: path.join(file, entry.name.slice("mod_".length)), kind: "dir" });
    }
  }
  // A loose file at the top is there as the directory's listing says; one in a subdirectory may be a link.
  const top = path.join(dir, ".");
  for (const file of modules.values()) if (path.dirname(file) !== top) inputs.push({ label: "module", file });
  return { modules, inputs };
}

function scanModuleDir(dir: string, luaVersion: string): { modules: Map<ModuleName, string>; listing: ReadonlyMap<string, Dirent> } {
  const names = new Set<ModuleName>();
  const listing = new Map(entries(dir).map((entry) => [entry.name, entry] as const));
  for (const entry of listing.values()) {
    const match = /^(?:mod_)?([a-z0-9_]+)$/.exec(entry.isDirectory() ? entry.name : entry.name.replace(/\.lua$/, ""));
    // A loose file is a module only as mod_x.lua; a directory may be mod_x/ or x/.
    if (match && (entry.isDirectory() || /^mod_.+\.lua$/.test(entry.name))) names.add(`mod_${match[1]}` as ModuleName);
  }
  for (const entry of entries(path.join(dir, "share", "lua", luaVersion))) {
    const match = /^(mod_[a-z0-9_]+)(?:\.lua)?$/.exec(entry.name);
    if (match) names.add(match[1] as ModuleName);
  }
  const out = new Map<ModuleName, string>();
  const under = joinerUnder(dir);
  for (const name of names) {
    const file = locateInDir(dir, name, luaVersion, listing, under);
    if (file) out.set(name, file);
  }
  return { modules: new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), listing };
}

/** The file Prosody's loader opens for the module in this directory, or undefined when it finds none there. */
export function locateInDir(dir: string, name: ModuleName, luaVersion: string, listing?: ReadonlyMap<string, Dirent>, under = joinerUnder(dir)): string | undefined {
  // The usual case, a loose mod_x.lua with no mod_x/ or x/ beside it: the loader's earlier candidates all lie in those
  // directories, so it opens this file, and the six candidate paths are not even made.
  if (listing && !listing.has(name) && !listing.has(name.slice("mod_".length)) && listing.get(`${name}.lua`)?.isFile() === true) return under(`${name}.lua`);
  for (const candidate of loaderCandidates(name, luaVersion)) {
    // Most candidates are absent by the listing alone: their path is not even made (Prosody's own modules ask
    // hundreds of times).
    const known = listing ? knownFromListing(listing, candidate) : "unknown";
    if (known === "absent") continue;
    const file = under(candidate);
    if (known === "file" || isFile(file)) return file;
  }
  return undefined;
}

/**
 * What the directory's own listing already says of a candidate, so that a directory of a hundred modules costs one
 * readdir, not a stat for each way the loader could look: a top-level name that is not listed is absent, a listed
 * regular file is there. Anything else (a path inside a listed directory, a symlink) still needs a stat.
 */
function knownFromListing(listing: ReadonlyMap<string, Dirent>, candidate: string): "file" | "absent" | "unknown" {
  const slash = candidate.indexOf("/");
  const entry = listing.get(slash === -1 ? candidate : candidate.slice(0, slash));
  if (!entry) return "absent";
  if (entry.isSymbolicLink()) return "unknown";
  if (slash === -1) return entry.isFile() ? "file" : "absent";
  return entry.isDirectory() ? "unknown" : "absent";
}

function entries(dir: string): Dirent[] {
  try {
    // share/lua/<lua>/ is missing from most directories: asked first without the cost of a thrown error.
    return statSync(dir, { throwIfNoEntry: false }) === undefined ? [] : readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

// Absent is the usual answer, and a thrown error for it costs far more than the stat.
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
