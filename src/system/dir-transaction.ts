import { promises as fs } from "node:fs";
import { exists, siblingPath } from "./fs-atomic.js";

interface Change {
  target: string;
  /** Where the previous content was moved aside, if there was any. */
  backup: string | undefined;
  placed: boolean;
}

/**
 * Replaces and removes directories by rename only, keeping what it displaced beside the target until the whole
 * change succeeded, so a failure at any point can put every directory back as it was.
 */
export class DirectoryTransaction {
  private readonly changes: Change[] = [];

  /** `beforeMove` hears of each move before it happens (a journal), so a killed run can be undone by the next. */
  constructor(private readonly beforeMove?: (move: { target: string; backup: string | undefined }) => void) {}

  /** Puts `staged` at `target`, moving any existing `target` aside. Both must be on one filesystem. */
  async put(target: string, staged: string): Promise<void> {
    const change: Change = { target, backup: (await exists(target)) ? siblingPath(target, "old") : undefined, placed: false };
    this.changes.push(change);
    this.beforeMove?.({ target, backup: change.backup });
    if (change.backup) await fs.rename(target, change.backup);
    await fs.rename(staged, target);
    change.placed = true;
  }

  async remove(target: string): Promise<void> {
    const change: Change = { target, backup: siblingPath(target, "old"), placed: false };
    this.changes.push(change);
    this.beforeMove?.({ target, backup: change.backup });
    await fs.rename(target, change.backup ?? target);
  }

  /** Undoes every change, newest first. */
  async rollback(): Promise<void> {
    for (const change of [...this.changes].reverse()) {
      if (change.placed) await fs.rm(change.target, { recursive: true, force: true });
      if (change.backup && (await exists(change.backup))) {
        await fs.rm(change.target, { recursive: true, force: true });
        await fs.rename(change.backup, change.target);
      }
    }
    this.changes.length = 0;
  }

  /** Drops what was moved aside: the change is final. */
  async commit(): Promise<void> {
    for (const change of this.changes) {
      if (change.backup) await fs.rm(change.backup, { recursive: true, force: true });
    }
    this.changes.length = 0;
  }
}

/** Runs `work` inside a transaction: committed when it returns, rolled back (and the error rethrown) when it throws. */
export async function inTransaction<T>(work: (tx: DirectoryTransaction) => Promise<T>, beforeMove?: (move: { target: string; backup: string | undefined }) => void): Promise<T> {
  const tx = new DirectoryTransaction(beforeMove);
  let result: T;
  try {
    result = await work(tx);
  } catch (error) {
    await tx.rollback();
    throw error;
  }
  await tx.commit();
  return result;
}
