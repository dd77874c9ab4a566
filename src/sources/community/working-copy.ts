import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Which changeset the cached clone's working copy is at, read from Mercurial's dirstate (format v1) instead of
 * running hg (a Python start saved on every sync). Another dirstate format answers "unknown", and the caller asks hg.
 */
const NULL_NODE = "0".repeat(40);

/**
 * The dirstate's first parent, after checking that the rest is a well-formed list of v1 entries (17-byte headers and
 * names): anything else is a format this reader does not know. Only the lengths are read, no names: the parent is all
 * a sync asks for, and thousands of entries were most of reading it.
 */
async function readDirstate(repo: string): Promise<{ parent: string; merging: boolean } | undefined> {
  const requires = await fs.readFile(path.join(repo, ".hg", "requires"), "utf8").catch(() => "");
  if (/^dirstate-v2$/m.test(requires)) return undefined;
  let data: Buffer;
  try {
    data = await fs.readFile(path.join(repo, ".hg", "dirstate"));
  } catch {
    return undefined;
  }
  if (data.length < 40) return undefined;
  let at = 40;
  while (at + 17 <= data.length) {
    const length = data.readInt32BE(at + 13);
    if (length < 0 || at + 17 + length > data.length) return undefined;
    at += 17 + length;
  }
  if (at !== data.length) return undefined;
  return { parent: data.toString("hex", 0, 20), merging: data.toString("hex", 20, 40) !== NULL_NODE };
}

/** The full hash the working copy is checked out at, or undefined when unknown. */
export async function workingCopyParent(repo: string): Promise<string | undefined> {
  return (await readDirstate(repo))?.parent;
}
