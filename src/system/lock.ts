import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";

export interface Lock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long a second run waits for the first before refusing. */
  waitMs: number;
  pollMs?: number;
  /** Called once, as soon as a live holder is found: the admin hears why nothing happens. */
  onWait?: (owner: number | undefined) => void;
}

/**
 * One lock file holding the owner's pid. `wx` creation is atomic, so two runs never both win; a lock whose owner is
 * gone (killed, crashed) is taken over instead of blocking the admin forever.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<Lock> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: "wx" });
      return { release: () => fs.rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readOwner(file);
    if (owner !== undefined && !isAlive(owner)) {
      await fs.rm(file, { force: true });
      continue;
    }
    if (!told) {
      told = true;
      options.onWait?.(owner);
    }
    if (Date.now() >= deadline) {
      throw failure(
        `another prosody-manager (pid ${owner ?? "unknown"}) is changing modules; gave up waiting after ${Math.round(options.waitMs / 1000)}s`,
        `wait for it to finish, or remove ${file} if no such process runs`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

async function readOwner(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await fs.readFile(file, "utf8"), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
