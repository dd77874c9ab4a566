import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * What the cached clone's working copy holds, read from Mercurial's dirstate (format v1) instead of running hg:
 * copying modules out of a clean working copy costs no Python start at all. Anything this reader is not sure of
 * (another dirstate format, a merge, an unset or mismatched size or mtime, a file hg does not track) answers
 * "not clean", and the caller exports with hg instead.
 */
interface DirstateEntry {
  state: string;
  mode: number;
  size: number;
  mtime: number;
}

interface Dirstate {
  parent: string;
  merging: boolean;
  entries: Map<string, DirstateEntry>;
}

const NULL_NODE = "0".repeat(40);

async function readDirstate(repo: string): Promise<Dirstate | undefined> {
  const requires = await fs.readFile(path.join(repo, ".hg", "requires"), "utf8").catch(() => "");
  if (/^dirstate-v2$/m.test(requires)) return undefined;
  let data: Buffer;
  try {
    data = await fs.readFile(path.join(repo, ".hg", "dirstate"));
  } catch {
    return undefined;
  }
  if (data.length < 40) return undefined;
  const entries = new Map<string, DirstateEntry>();
  let at = 40;
  while (at + 17 <= data.length) {
    const state = String.fromCharCode(data[at] ?? 0);
    const mode = data.readInt32BE(at + 1);
    const size = data.readInt32BE(at + 5);
    const mtime = data.readInt32BE(at + 9);
    const length = data.readInt32BE(at + 13);
    if (length < 0 || at + 17 + length > data.length) return undefined;
    // A copy records `name\0source`; only the name matters here.
    const name = data.toString("utf8", at + 17, at + 17 + length).split("\0")[0] ?? "";
    entries.set(name, { state, mode, size, mtime });
    at += 17 + length;
  }
  if (at !== data.length) return undefined;
  return { parent: data.toString("hex", 0, 20), merging: data.toString("hex", 20, 40) !== NULL_NODE, entries };
}

/** The full hash the working copy is checked out at, or undefined when unknown. */
export async function workingCopyParent(repo: string): Promise<string | undefined> {
  return (await readDirstate(repo))?.parent;
}

/**
 * True when the working copy is at `node` and every file under each of `dirs` is exactly what hg last wrote there:
 * tracked, unchanged size and mtime (to the second, as dirstate v1 stores them), same executable bit, and no
 * untracked file beside them.
 */
export async function cleanAt(repo: string, node: string, dirs: readonly string[]): Promise<boolean> {
  const dirstate = await readDirstate(repo);
  if (!dirstate || dirstate.merging || dirstate.parent !== node) return false;
  for (const dir of dirs) {
    const onDisk = await filesBelow(path.join(repo, dir), dir);
    if (!onDisk) return false;
    const tracked = [...dirstate.entries.keys()].filter((name) => name.startsWith(`${dir}/`));
    if (tracked.length !== onDisk.length) return false;
    for (const file of onDisk) {
      const entry = dirstate.entries.get(file);
      if (!entry || entry.state !== "n" || entry.size < 0 || entry.mtime === -1) return false;
      const stat = await fs.lstat(path.join(repo, file));
      if (stat.isSymbolicLink() || stat.size % 2 ** 31 !== entry.size) return false;
      if (Math.floor(stat.mtimeMs / 1000) % 2 ** 31 !== entry.mtime) return false;
      if ((stat.mode & 0o100) !== (entry.mode & 0o100)) return false;
    }
  }
  return true;
}

/** Every file below `root`, as repository paths under `prefix`; undefined when `root` is not a directory. */
async function filesBelow(root: string, prefix: string): Promise<string[] | undefined> {
  let entries;
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const relative = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...((await filesBelow(path.join(root, entry.name), relative)) ?? []));
    else out.push(relative);
  }
  return out;
}
