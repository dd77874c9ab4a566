import { promises as fs } from "node:fs";
import path from "node:path";
import { readRockManifest, rockFilesNow } from "../../sources/rocks/rock-manifest.js";

/**
 * Copies a rock's files as they are now (its directory under rocks-<lua>/ and what it deployed, edits and additions
 * included) into `dest`, keeping their paths relative to the tree: local work --force is about to let LuaRocks
 * delete. Returns `dest`.
 */
export async function backupRock(tree: string, luaVersion: string, rock: { name: string; version: string }, dest: string): Promise<string> {
  const recorded = (await readRockManifest(tree, luaVersion, rock).catch(() => undefined)) ?? new Map<string, string>();
  const files = await rockFilesNow(tree, luaVersion, rock, recorded);
  await fs.mkdir(path.dirname(dest), { recursive: true, mode: 0o700 });
  for (const file of files.keys()) {
    await fs.mkdir(path.dirname(path.join(dest, file)), { recursive: true });
    await fs.copyFile(path.join(tree, file), path.join(dest, file));
  }
  return dest;
}
