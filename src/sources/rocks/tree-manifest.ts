import { readFileSync } from "node:fs";
import path from "node:path";
import type { InstalledRock } from "./luarocks.js";
import { parseRepositoryManifest } from "./manifest.js";

/** Where LuaRocks keeps what it installed into a tree for one Lua version: the manifest and a directory per rock. */
export function rocksDir(tree: string, luaVersion: string): string {
  return path.join(tree, "lib", "luarocks", `rocks-${luaVersion}`);
}

/** The tree's own manifest for one Lua version; Prosody reads the same file. */
export function treeManifestPath(tree: string, luaVersion: string): string {
  return path.join(rocksDir(tree, luaVersion), "manifest");
}

/**
 * The rocks a tree holds, from the manifest LuaRocks rewrites on every install and remove: the same answer as
 * `luarocks list` without starting Lua. A tree without a manifest holds nothing, as LuaRocks sees it.
 */
export async function readTreeRocks(tree: string, luaVersion: string): Promise<InstalledRock[]> {
  const text = readTreeManifest(tree, luaVersion);
  if (text === undefined) return [];
  return (await parseRepositoryManifest(text, treeManifestPath(tree, luaVersion))).flatMap((rock) => rock.versions.map((version) => ({ name: rock.name, version, tree })));
}

/**
 * The tree manifest's text; undefined when the tree has none (no tree yet, or not a directory). Read synchronously:
 * one small file, on the path of every read command.
 */
export function readTreeManifest(tree: string, luaVersion: string): string | undefined {
  try {
    return readFileSync(treeManifestPath(tree, luaVersion), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
