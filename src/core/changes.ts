import { compareRockVersions, newestFirst } from "./rock-version.js";

/** One changeset as `module changes` and `module log` show it. */
export interface ModuleChangeset {
  rev: number;
  node: string;
  short: string;
  /** ISO 8601 with the committer's offset, as hg records it. */
  date: string;
  author: string;
  summary: string;
  /** Only files inside the module's directory. */
  files: DiffStatFile[];
  insertions: number;
  deletions: number;
  /** The patch of the module's files, when asked for. */
  diff: string | undefined;
}

export interface DiffStatFile {
  path: string;
  /** `+++--` as hg draws it, or `Bin` for binary files. */
  graph: string;
  changes: number;
}

/** Rock versions newer than the installed one, newest first: what an update of a rock brings. */
export function rockVersionsAfter(available: readonly string[], installed: string): string[] {
  return newestFirst(available.filter((version) => compareRockVersions(version, installed) > 0));
}

/** Totals over several changesets, for the one-line summary under the list. */
export function totalStat(changesets: readonly ModuleChangeset[]): { files: number; insertions: number; deletions: number } {
  const files = new Set<string>();
  let insertions = 0;
  let deletions = 0;
  for (const changeset of changesets) {
    for (const file of changeset.files) files.add(file.path);
    insertions += changeset.insertions;
    deletions += changeset.deletions;
  }
  return { files: files.size, insertions, deletions };
}
