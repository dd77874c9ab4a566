import { promises as fs } from "node:fs";
import path from "node:path";
import type { InstalledRock } from "./luarocks.js";
import { parseRepositoryManifest } from "./manifest.js";

/** Where LuaRocks keeps a tree's own manifest for one Lua version; Prosody reads the same file. */
export function treeManifestPath(tree: string, luaVersion: string): string {
  return path.join(tree, "lib", "luarocks", `rocks-${luaVersion}`, "manifest");
}

/**
 * The rocks a tree holds, from the manifest LuaRocks rewrites on every install and remove: the same answer as
 * `luarocks list` without starting Lua. A tree without a manifest holds nothing, as LuaRocks sees it.
 */
export async function readTreeRocks(tree: string, luaVersion: string): Promise<InstalledRock[]> {
  const file = treeManifestPath(tree, luaVersion);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return (await parseRepositoryManifest(text, file)).flatMap((rock) => rock.versions.map((version) => ({ name: rock.name, version, tree })));
}
