import { promises as fs } from "node:fs";
import path from "node:path";
import { listFiles } from "../../system/tree-hash.js";

export interface ScannedModule {
  dir: string;
  files: string[];
  readme: { file: string; text: string } | undefined;
  /** Every Lua file's text, keyed by relative path: dependencies hide in `*.lib.lua` siblings too. */
  lua: Map<string, string>;
  /** The file Prosody would load, by its loader's search order, if there is one. */
  entry: string | undefined;
}

const README_NAMES = ["README.md", "README.markdown"];

/** Reads every `mod_*` directory of a checked-out module tree. */
export async function scanModuleTree(root: string): Promise<ScannedModule[]> {
  return scanModules(root, await listModuleDirs(root));
}

/** The `mod_*` directories of a checked-out module tree, in code-unit order. */
export async function listModuleDirs(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory() && entry.name.startsWith("mod_")).map((entry) => entry.name).sort();
}

/** Reads the named module directories at once; callers pass batches so a large tree never sits in memory whole. */
export async function scanModules(root: string, dirs: readonly string[]): Promise<ScannedModule[]> {
  return Promise.all(dirs.map((dir) => scanModule(path.join(root, dir), dir)));
}

export async function scanModule(moduleRoot: string, dir: string): Promise<ScannedModule> {
  const files = await listFiles(moduleRoot);
  const readmeFile = README_NAMES.find((name) => files.includes(name));
  const readme = readmeFile ? { file: readmeFile, text: await fs.readFile(path.join(moduleRoot, readmeFile), "utf8") } : undefined;
  const lua = new Map<string, string>();
  for (const file of files.filter((name) => name.endsWith(".lua"))) {
    lua.set(file, await fs.readFile(path.join(moduleRoot, file), "utf8"));
  }
  return { dir, files, readme, lua, entry: entryFile(dir, files) };
}

/** Prosody's loader tries `mod_x/x/mod_x.lua` before `mod_x/mod_x.lua`; within the module directory that is `x/mod_x.lua` first. */
export function entryFile(dir: string, files: readonly string[]): string | undefined {
  const short = dir.slice("mod_".length);
  return [`${short}/${dir}.lua`, `${dir}.lua`].find((candidate) => files.includes(candidate));
}
