import { existsSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { siblingPath } from "./fs-atomic.js";

/** One directory move of a transaction: the new content placed at `target`, the old one kept at `backup`. */
export interface JournalMove {
  target: string;
  /** Where the old content goes; undefined when there was none (then the target is new, and goes on undo). */
  backup: string | undefined;
}

/**
 * A change in progress, on disk before each step that can leave debris, so that a run killed at any point (SIGKILL,
 * a crash, a power cut) is finished or undone by the next one, and a Ctrl-C is undone at once.
 */
export interface JournalData {
  pid: number;
  startedAt: string;
  /** `applying`: undo everything; `committed`: the change stands, only leftovers go. */
  phase: "applying" | "committed";
  stagingDirs: string[];
  moves: JournalMove[];
  tree: string | undefined;
  treeExisted: boolean;
  treeBackup: string | undefined;
  /** A file rewritten by the change (the state file) and its content before, to put back on undo. */
  files: { path: string; before: string | null }[];
  /** Directories the change created and that must go if it is undone. */
  createdDirs: string[];
}

/** Writes are synchronous: the signal handler that undoes a change cannot wait for promises. */
export class Journal {
  private data: JournalData;

  constructor(private readonly file: string, start: Omit<JournalData, "pid" | "startedAt" | "phase">) {
    this.data = { pid: process.pid, startedAt: new Date().toISOString(), phase: "applying", ...start };
    this.save();
  }

  update(change: (data: JournalData) => void): void {
    change(this.data);
    this.save();
  }

  /** The change stands from here on: an interruption now only clears leftovers. */
  commit(): void {
    this.update((data) => (data.phase = "committed"));
  }

  /** Everything is cleaned up: the journal goes. */
  finish(): void {
    rmSync(this.file, { force: true });
  }

  /** Undoes (or, once committed, cleans up after) the change now, synchronously. */
  recover(): string[] {
    return recoverJournal(this.file, this.data);
  }

  private save(): void {
    const temp = siblingPath(this.file, "tmp");
    writeFileSync(temp, `${JSON.stringify(this.data)}\n`, { flag: "wx", mode: 0o600 });
    renameSync(temp, this.file);
  }
}

/** Reads a journal an earlier run left behind; undefined when there is none (or it is unreadable: nothing to go on). */
export function readJournal(file: string): JournalData | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as JournalData;
  } catch {
    return undefined;
  }
}

/**
 * Puts the disk back as it was before an uncommitted change, or clears the leftovers of a committed one, and removes
 * the journal. Answers what it did, in words, for the admin.
 */
export function recoverJournal(file: string, data: JournalData): string[] {
  const done: string[] = [];
  const remove = (target: string): void => rmSync(target, { recursive: true, force: true });
  if (data.phase === "applying") {
    for (const move of [...data.moves].reverse()) {
      if (move.backup && existsSync(move.backup)) {
        remove(move.target);
        renameSync(move.backup, move.target);
        done.push(`put back ${move.target}`);
      } else if (!move.backup && existsSync(move.target)) {
        remove(move.target);
        done.push(`removed the half-installed ${move.target}`);
      }
    }
    for (const item of data.files) {
      if (item.before === null) rmSync(item.path, { force: true });
      else writeFileSync(item.path, item.before);
    }
    if (data.tree && data.treeBackup && existsSync(data.treeBackup)) {
      remove(data.tree);
      renameSync(data.treeBackup, data.tree);
      done.push(`put back the rocks tree ${data.tree}`);
    } else if (data.tree && !data.treeExisted && existsSync(data.tree)) {
      remove(data.tree);
      done.push(`removed the half-made rocks tree ${data.tree}`);
    }
    for (const dir of [...data.createdDirs].reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else lives there now.
      }
    }
  } else {
    for (const move of data.moves) if (move.backup) remove(move.backup);
    if (data.treeBackup) remove(data.treeBackup);
  }
  for (const dir of data.stagingDirs) remove(dir);
  rmSync(file, { force: true });
  return done;
}

export function journalPathFor(lockfilePath: string): string {
  return path.join(path.dirname(lockfilePath), `.${path.basename(lockfilePath)}.journal`);
}
