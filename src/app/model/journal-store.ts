import { promises as fs } from "node:fs";
import path from "node:path";
import { exists } from "../../system/fs-atomic.js";
import { Journal, journalPathFor, readJournal, recoverJournal } from "../../system/journal.js";
import type { Targets } from "./targets.js";

/** The journal of the change about to start, beside the lockfile: one place whatever the sources touched. */
export async function startJournal(targets: Targets): Promise<Journal> {
  const file = journalPathFor(targets.lockfilePath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  return new Journal(file, {
    stagingDirs: [],
    moves: [],
    tree: targets.rocks.tree,
    treeExisted: await exists(targets.rocks.tree),
    treeBackup: undefined,
    files: [],
    createdDirs: [],
  });
}

/**
 * A journal left by a run that was killed (SIGKILL, a crash, a power cut): its change is undone, or finished when it
 * had committed, before anything else happens. Called under the lock, so no live run owns it. Answers what was done.
 */
export function healInterrupted(targets: Pick<Targets, "lockfilePath">): string[] {
  const file = journalPathFor(targets.lockfilePath);
  const data = readJournal(file);
  if (!data) return [];
  return [`an earlier run (pid ${data.pid}, ${data.startedAt}) was interrupted; ${data.phase === "committed" ? "its change stands, leftovers removed" : "its change was undone"}`, ...recoverJournal(file, data)];
}
