import { promises as fs } from "node:fs";
import { failure } from "../../core/errors.js";
import { type Lockfile, parseLockfile, serializeLockfile } from "../../core/model/lockfile.js";
import { writeFileAtomic } from "../../system/fs-atomic.js";

/** The lockfile on disk, or undefined when there is none yet. A lockfile that does not parse stops everything. */
export async function readLockfile(file: string): Promise<Lockfile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw failure(`the lockfile ${file} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    throw failure(`the lockfile ${file} is not valid JSON`, "restore it from version control");
  }
  const { lockfile, problems } = parseLockfile(raw);
  if (problems.length > 0) throw failure(`the lockfile ${file} is not valid: ${problems.slice(0, 3).join("; ")}`, "restore it from version control");
  return lockfile;
}

/** Readable by everyone (it holds no secret), writable by its owner only, whatever the umask. */
export async function writeLockfile(file: string, lockfile: Lockfile): Promise<void> {
  await writeFileAtomic(file, serializeLockfile(lockfile), 0o644);
  await fs.chmod(file, 0o644);
}
