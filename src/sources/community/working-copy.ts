import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Which changeset the cached clone's working copy is at, read from Mercurial's dirstate (format v1) instead of
 * running hg (a Python start saved on every sync). Another dirstate format answers "unknown", and the caller asks hg.
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
