// What a read leaves on disk for the next run (the digest memo) is written at the end, and only when the command
// succeeded: a refused or failed command changes nothing on disk, as the bad-input rule asks.

const pending = new Set<() => void>();

/** Registers a write for the end of a successful run. */
export function afterSuccess(write: () => void): void {
  pending.add(write);
}

/** The end of a run: the registered writes are made when it succeeded, and forgotten either way. */
export function finishRun(succeeded: boolean): void {
  const writes = [...pending];
  pending.clear();
  if (succeeded) for (const write of writes) write();
}
