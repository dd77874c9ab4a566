import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";

/** A name beside `target` that no other run will pick, so staging never collides. */
export function siblingPath(target: string, tag: string): string {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return path.join(dir, `.${base}.${tag}-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** Writes a file so readers see the old or the new content, never half of it. */
export async function writeFileAtomic(target: string, content: string | Uint8Array, mode?: number): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = siblingPath(target, "tmp");
  try {
    await fs.writeFile(temp, content, mode === undefined ? {} : { mode });
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

export async function exists(target: string): Promise<boolean> {
  try {
    await fs.lstat(target);
    return true;
  } catch {
    return false;
  }
}

export async function readJsonFile(target: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(target, "utf8")) as unknown;
}
