export interface DirectoryHistory {
  /** Short hash of the newest changeset that touched the directory. */
  revision: string;
  /** Changesets that touched it: the rock version's first number. */
  changesets: number;
}

/** Folds a repository's history (oldest first) into the last revision and change count of each top directory. */
export function directoryHistory(changesets: readonly { short: string; files: readonly string[] }[]): Map<string, DirectoryHistory> {
  const out = new Map<string, DirectoryHistory>();
  for (const changeset of changesets) {
    const touched = new Set<string>();
    for (const file of changeset.files) {
      const slash = file.indexOf("/");
      if (slash > 0) touched.add(file.slice(0, slash));
    }
    for (const dir of touched) {
      const previous = out.get(dir);
      out.set(dir, { revision: changeset.short, changesets: (previous?.changesets ?? 0) + 1 });
    }
  }
  return out;
}
