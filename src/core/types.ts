// Domain types shared by every layer. Pure data: no I/O, no classes with behaviour.

/** A validated module name, always in the `mod_x` form. Only `parseModuleName` makes one. */
export type ModuleName = string & { readonly __brand: "ModuleName" };

export type Source = "community" | "rocks";

export const STAGES = [
  "Alpha",
  "Beta",
  "Stable",
  "Deprecated",
  "Obsolete",
  "Merged",
  "Broken",
  "Experimental",
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages that deserve a warning before installing. */
export const WARN_STAGES: readonly Stage[] = ["Broken", "Obsolete", "Merged", "Deprecated"];

/** One row of a README's Compatibility table, e.g. `0.12 | Works`. */
export interface CompatibilityRow {
  version: string;
  status: string;
  /** `true` works, `false` does not, `undefined` when the words do not say clearly. */
  works: boolean | undefined;
}

export interface Compatibility {
  rows: CompatibilityRow[];
  /** The section's text when it is not a table (or has text besides one). */
  prose: string | undefined;
}

export interface RockspecHints {
  dependencies: string[];
  /** `build.modules`: Lua module name → file path inside the module directory. */
  buildModules: Record<string, string>;
  copyDirectories: string[];
}

/** What a module's README front matter and body say. */
export interface ReadmeMetadata {
  summary: string | undefined;
  stage: Stage | undefined;
  /** Every label as written, e.g. `Stage-Beta`, `Type-Auth`. */
  labels: string[];
  supersededBy: ModuleName | undefined;
  rockspec: RockspecHints;
  compatibility: Compatibility | undefined;
  /** The body text up to the first heading after the introduction, Markdown kept. */
  introduction: string;
  /** Problems met while reading: a README that could not be parsed is reported, never fatal. */
  problems: string[];
}

export interface ModuleDependencies {
  /** `module:depends("x")` targets that ship with Prosody itself. */
  builtin: ModuleName[];
  /** Targets that are community modules and must be installed too. */
  community: ModuleName[];
  /** Targets found in neither place. */
  unknown: ModuleName[];
  /** `module:depends(x, true)`: loaded when present. */
  soft: ModuleName[];
  /** Calls whose argument is not a literal, as written (`module:depends(name)`). */
  unknowable: string[];
  /** Lua libraries the code requires (`lfs`, `luaossl`, …), excluding Prosody's own `util.*`/`core.*`/`net.*`. */
  luaRequires: string[];
}

/** What the Lua source itself tells: raw, before dependencies are classified. */
export interface SourceFacts {
  depends: { name: string; soft: boolean }[];
  unknowableDepends: string[];
  requires: string[];
  /** `--% key: value` header lines. */
  headers: Record<string, string>;
}

/** A module of the community repository as the catalogue records it. */
export interface CommunityModule {
  name: ModuleName;
  summary: string | undefined;
  stage: Stage | undefined;
  labels: string[];
  supersededBy: ModuleName | undefined;
  rockspec: RockspecHints;
  compatibility: Compatibility | undefined;
  dependencies: ModuleDependencies;
  headers: Record<string, string>;
  /** Paths relative to the module directory, sorted. */
  files: string[];
  /** The newest changeset that touched the module's directory (short hash). */
  revision: string | undefined;
  /** How many changesets touched the directory: the `N` of its rock version `N-1`. */
  changesets: number;
  /** The README file name, if any. */
  readme: string | undefined;
  /** True when the directory has no loadable `mod_x.lua` (merged modules keep only a README). */
  hasCode: boolean;
}

/** A module published on the rocks server. */
export interface RockModule {
  name: ModuleName;
  /** Versions such as `7-1`, newest first. */
  versions: string[];
}

export interface CatalogueProblem {
  module: string;
  problem: string;
}

/**
 * What tells whether a manifest file changed without reading it: an HTTP server's validators (RFC 9110), which sent
 * back let it answer 304 Not Modified, or a local server's file identity.
 */
export interface ManifestValidators {
  /** The file they are for (`manifest-5.4.zip`). */
  file: string;
  etag?: string;
  lastModified?: string;
  /** A server that is a directory: the file's device, inode, size and change times, as a write or a rename changes them. */
  identity?: string;
}

/** The index built by `module sync` and read by search, info, install. */
export interface Catalogue {
  schema: 1;
  builtAt: string;
  community:
    | {
        url: string;
        revision: string;
        modules: CommunityModule[];
      }
    | undefined;
  rocks:
    | {
        server: string;
        fetchedAt: string;
        modules: RockModule[];
        /** sha256 of the manifest text the modules were read from: an unchanged manifest is not parsed again. */
        digest?: string;
        /** What the server said of that manifest's file, to ask it next time whether the file changed. */
        validators?: ManifestValidators;
      }
    | undefined;
  problems: CatalogueProblem[];
}

export type InstallReason = "requested" | "dependency";

/** One community module that prosody-manager installed, as recorded in the state file. */
export interface InstalledCommunityModule {
  name: ModuleName;
  source: "community";
  revision: string;
  /** A revision the user asked for; `update` leaves pinned modules alone. */
  pinned: boolean;
  /** sha256 over the installed tree (relative paths and contents), to notice local edits. */
  treeHash: string;
  reason: InstallReason;
  installedAt: string;
  path: string;
}

export interface StateFile {
  schema: 1;
  modules: InstalledCommunityModule[];
}
