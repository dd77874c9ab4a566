import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

// The temporary name an atomic write uses (siblingPath's `.<name>.tmp-<pid>-<hex>`; an older journal's `.<name>.tmp-<pid>`).
const TEMP = /^\..+\.tmp-(\d+)(?:-[0-9a-f]{8})?$/;

/**
 * Temporary files of atomic writes whose writer is gone: a run killed between writing and renaming leaves one beside
 * the config, the state file or the lockfile. A file whose pid is still alive belongs to a run in progress and is
 * never listed.
 */
export function tempLeftovers(dirs: readonly string[]): string[] {
  const found: string[] = [];
  for (const dir of new Set(dirs)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const pid = TEMP.exec(entry)?.[1];
      if (pid !== undefined && !alive(Number(pid))) found.push(path.join(dir, entry));
    }
  }
  return found.sort();
}

/** Removes them; answers what went, in words for the admin. */
export function removeTempLeftovers(dirs: readonly string[]): string[] {
  return tempLeftovers(dirs).map((file) => {
    rmSync(file, { force: true });
    return `removed ${file}, left by an interrupted write`;
  });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
