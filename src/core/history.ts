/** A changeset as a history is read: its hash, short hash and the files it touched. */
export interface ChangesetFiles {
  node: string;
  short: string;
  files: string[];
}

export interface DirectoryHistory {
  /** Short hash of the newest changeset that touched the directory. */
  revision: string;
  /** Changesets that touched it: the rock version's first number. */
  changesets: number;
}

/**
 * Folds a repository's history, one changeset at a time and oldest first, into the last revision and change count of
 * each top directory. A whole history (6 000 changesets upstream) need never be held as a list to be folded.
 */
export class DirectoryHistoryFold {
  readonly directories = new Map<string, DirectoryHistory>();
  /** The last changeset added: the tip, for a log read oldest first. */
  last: string | undefined;

  add(short: string, files: readonly string[]): void {
    const touched = new Set<string>();
    for (const file of files) {
      const slash = file.indexOf("/");
      if (slash > 0) touched.add(file.slice(0, slash));
    }
    for (const dir of touched) {
      const entry = this.directories.get(dir);
      if (entry) {
        entry.revision = short;
        entry.changesets++;
      } else this.directories.set(dir, { revision: short, changesets: 1 });
    }
    this.last = short;
  }
}

/** The fold of a history held as a list (oldest first). */
export function directoryHistory(changesets: readonly { short: string; files: readonly string[] }[]): Map<string, DirectoryHistory> {
  const fold = new DirectoryHistoryFold();
  for (const changeset of changesets) fold.add(changeset.short, changeset.files);
  return fold.directories;
}
