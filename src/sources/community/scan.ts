import { promises as fs } from "node:fs";
import path from "node:path";
import { describe } from "../../core/errors.js";
import { limits } from "../../system/limits.js";
import { listFiles, readRegularTextSync } from "../../system/safe-tree.js";

export interface ScannedModule {
  dir: string;
  files: string[];
  readme: { file: string; text: string } | undefined;
  /** Every Lua file's text, keyed by relative path: dependencies hide in `*.lib.lua` siblings too. */
  lua: Map<string, string>;
  /** The file Prosody would load, by its loader's search order, if there is one. */
  entry: string | undefined;
  /** Files left unread (links, devices, oversized files), one line each, for the catalogue's problems. */
  refused: string[];
}

const README_NAMES = ["README.md", "README.markdown"];

/** Reads every `mod_*` directory of a checked-out module tree. */
export async function scanModuleTree(root: string, maxFileBytes = limits().maxSourceFileBytes): Promise<ScannedModule[]> {
  return scanModules(root, await listModuleDirs(root), maxFileBytes);
}

/** The `mod_*` directories of a checked-out module tree, in code-unit order. */
export async function listModuleDirs(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory() && entry.name.startsWith("mod_")).map((entry) => entry.name).sort();
}

/** Reads the named module directories at once. */
export async function scanModules(root: string, dirs: readonly string[], maxFileBytes = limits().maxSourceFileBytes): Promise<ScannedModule[]> {
  return (await listModules(root, dirs)).map((listing) => readListedModule(root, listing, maxFileBytes));
}

/** One module directory's plain files, and what was refused while listing it. */
export interface ModuleListing {
  dir: string;
  files: string[];
  refused: string[];
}

/**
 * Lists the named module directories at once (the listings overlap in the thread pool); their files are read after,
 * module by module, so that a caller indexing each as it is read holds one module's text at a time, not a batch's.
 */
export async function listModules(root: string, dirs: readonly string[]): Promise<ModuleListing[]> {
  return Promise.all(
    dirs.map(async (dir) => {
      const refused: string[] = [];
      const files = await listFiles(path.join(root, dir), (refusal) => refused.push(`${refusal.file}: ${refusal.reason}, ignored`));
      return { dir, files, refused };
    }),
  );
}

/**
 * One listed module directory, read. Only plain files are listed and read, each up to `maxFileBytes`: a README that
 * is a link to /etc/shadow or /dev/zero is reported, never read.
 */
export function readListedModule(root: string, listing: ModuleListing, maxFileBytes = limits().maxSourceFileBytes): ScannedModule {
  const { dir, files } = listing;
  const moduleRoot = path.join(root, dir);
  const refused = [...listing.refused];
  // Read synchronously: the files are small and many, and a promise per system call cost more than the reading.
  const read = (file: string): string | undefined => {
    try {
      return readRegularTextSync(path.join(moduleRoot, file), maxFileBytes);
    } catch (error) {
      refused.push(`${file}: ${describe(error).replace(/^refusing [^:]*: /, "")}, ignored`);
      return undefined;
    }
  };
  const readmeFile = README_NAMES.find((name) => files.includes(name));
  const readmeText = readmeFile ? read(readmeFile) : undefined;
  const readme = readmeFile && readmeText !== undefined ? { file: readmeFile, text: readmeText } : undefined;
  const lua = new Map<string, string>();
  for (const file of files.filter((name) => name.endsWith(".lua"))) {
    const text = read(file);
    if (text !== undefined) lua.set(file, text);
  }
  return { dir, files, readme, lua, entry: entryFile(dir, files), refused };
}

/** Prosody's loader tries `mod_x/x/mod_x.lua` before `mod_x/mod_x.lua`; within the module directory that is `x/mod_x.lua` first. */
export function entryFile(dir: string, files: readonly string[]): string | undefined {
  const short = dir.slice("mod_".length);
  return [`${short}/${dir}.lua`, `${dir}.lua`].find((candidate) => files.includes(candidate));
}
