import { promises as fs } from "node:fs";
import path from "node:path";
import { readHeadIfThere, readTextIfThere } from "../../system/fs-atomic.js";

/**
 * Which changeset the cached clone's working copy is at, read from Mercurial's dirstate (format v1) instead of
 * running hg (a Python start saved on every sync). Another dirstate format answers "unknown", and the caller asks hg.
 */
export interface DirstateEntry {
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

/**
 * The dirstate, after checking that it is a well-formed list of v1 entries (17-byte headers and names): anything else
 * is a format this reader does not know.
 */
async function readDirstate(repo: string): Promise<Dirstate | undefined> {
  if (usesDirstateV2(repo)) return undefined;
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
    const length = data.readInt32BE(at + 13);
    if (length < 0 || at + 17 + length > data.length) return undefined;
    // A copy records `name\0source`; only the name matters here.
    const name = data.toString("utf8", at + 17, at + 17 + length).split("\0")[0] ?? "";
    entries.set(name, { state: String.fromCharCode(data[at] ?? 0), mode: data.readInt32BE(at + 1), size: data.readInt32BE(at + 5), mtime: data.readInt32BE(at + 9) });
    at += 17 + length;
  }
  if (at !== data.length) return undefined;
  return { parent: data.toString("hex", 0, 20), merging: data.toString("hex", 20, 40) !== NULL_NODE, entries };
}

/**
 * The full hash the working copy is checked out at, or undefined when unknown: the dirstate's first 20 bytes (format
 * v1), read synchronously without the entries after them. A sync reads it before hg may start, so every millisecond
 * here delays the pull.
 */
export async function workingCopyParent(repo: string): Promise<string | undefined> {
  if (usesDirstateV2(repo)) return undefined;
  const head = readHeadIfThere(path.join(repo, ".hg", "dirstate"), 20);
  return head?.length === 20 ? head.toString("hex") : undefined;
}

function usesDirstateV2(repo: string): boolean {
  return /^dirstate-v2$/m.test(readTextIfThere(path.join(repo, ".hg", "requires")) ?? "");
}

/** The working copy as the dirstate records it: its parent and, per tracked file, what hg last saw on disk. */
export interface TrackedTree {
  parent: string;
  /** The entries by top-level directory (a module's), so a module's files are found without a walk of all. */
  byDir: ReadonlyMap<string, readonly (readonly [string, DirstateEntry])[]>;
}

/** Undefined when the dirstate cannot say (another format, a merge in progress): the caller asks hg instead. */
export async function readTrackedTree(repo: string): Promise<TrackedTree | undefined> {
  const dirstate = await readDirstate(repo);
  if (!dirstate || dirstate.merging) return undefined;
  const byDir = new Map<string, [string, DirstateEntry][]>();
  for (const [name, entry] of dirstate.entries) {
    const slash = name.indexOf("/");
    if (slash < 0) continue;
    const dir = name.slice(0, slash);
    const list = byDir.get(dir);
    if (list) list.push([name, entry]);
    else byDir.set(dir, [[name, entry]]);
  }
  return { parent: dirstate.parent, byDir };
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
/** hg keeps sizes and times modulo 2^31 in dirstate v1. */
const RANGE = 0x7fffffff;

/**
 * What hg would call a tracked file without reading it: `clean` for a plain file in state `n` whose size and mtime
 * (whole seconds) are the ones hg recorded; `unsure` when hg recorded no mtime (-1: the file could still have changed
 * within the second hg looked; hg's next status reads it and records one); `changed` for anything else (edited,
 * added, removed, missing, replaced by a link or a directory, taken from a merge's other side).
 */
export type FileVerdict = "clean" | "unsure" | "changed";

export function judgeFile(entry: DirstateEntry, disk: { isFile: boolean; size: number; mtimeMs: number } | undefined): FileVerdict {
  if (!disk || entry.state !== "n" || (entry.mode & S_IFMT) !== S_IFREG || entry.size < 0 || !disk.isFile) return "changed";
  if ((disk.size & RANGE) !== entry.size) return "changed";
  if (entry.mtime === -1) return "unsure";
  return (Math.floor(disk.mtimeMs / 1000) & RANGE) === entry.mtime ? "clean" : "changed";
}

/**
 * The tracked files below `dir` (relative to it) when every one is clean; otherwise the worst verdict. Files hg does
 * not track (an admin's notes, editor backups) are not listed, so they are never copied. Nothing tracked there is
 * `changed`: the archive then says what exists at the revision.
 */
export async function cleanTrackedFiles(repo: string, tree: TrackedTree, dir: string): Promise<{ verdict: "clean"; files: string[] } | { verdict: "unsure" | "changed" }> {
  const prefix = `${dir}/`;
  const files: string[] = [];
  let unsure = false;
  for (const [name, entry] of tree.byDir.get(dir) ?? []) {
    const stat = await fs.lstat(path.join(repo, name)).catch(() => undefined);
    const verdict = judgeFile(entry, stat && { isFile: stat.isFile(), size: stat.size, mtimeMs: stat.mtimeMs });
    if (verdict === "changed") return { verdict };
    if (verdict === "unsure") unsure = true;
    files.push(name.slice(prefix.length));
  }
  if (files.length === 0) return { verdict: "changed" };
  return unsure ? { verdict: "unsure" } : { verdict: "clean", files: files.sort() };
}
