import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { Catalogue } from "../core/types.js";
import { readJsonFile, writeFileAtomic } from "../system/fs-atomic.js";

export function cataloguePath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue.json");
}

/** The saved index, or undefined before the first sync. A damaged index is an error with a way out. */
export async function readCatalogue(cacheDir: string): Promise<Catalogue | undefined> {
  const file = cataloguePath(cacheDir);
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw failure(`the catalogue index ${file} cannot be read`, "run 'prosody-manager module sync' to rebuild it");
  }
  if (typeof raw !== "object" || raw === null || (raw as { schema?: unknown }).schema !== 1) {
    throw failure(`the catalogue index ${file} is from another version`, "run 'prosody-manager module sync' to rebuild it");
  }
  return raw as Catalogue;
}

export async function writeCatalogue(cacheDir: string, catalogue: Catalogue): Promise<void> {
  await fs.mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(cataloguePath(cacheDir), `${JSON.stringify(catalogue)}\n`);
}
