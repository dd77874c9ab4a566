// Digests of files remembered by how the files looked when they were read: path, size, device, inode, and the
// modification and change times in nanoseconds, as git's index and hg's dirstate do. `module list` and `module info`
// tell a local edit by hashing every installed tree; with this, a tree whose files all look as they did is not read
// again, and a run that hashes nothing does not load crypto either (3–4 ms of a read command).
// A file's change time (ctime) cannot be set back by anyone but the clock's owner, so a write, a chmod or a rename
// over it always shows. Only a change in the same tick of the file system's clock as the one before could go unseen,
// so a digest is remembered only for files that had not changed for SETTLED_NS when they were looked at.
import { type BigIntStats, lstatSync, statSync } from "node:fs";
import { writeFileAtomicSync } from "./fs-atomic.js";
import { readOwnFile } from "./own-file.js";
import { isRecord, parseJson } from "../core/json-shape.js";

const FORMAT = 2;
const SETTLED_NS = 2_000_000_000n;
const DAY_MS = 24 * 60 * 60 * 1000;
/** An entry no run has used for this long (a removed module) is dropped when the memo is next written. */
const FORGET_AFTER_MS = 30 * DAY_MS;

/** One input of a digest: its label (part of what is hashed) and the file. */
export interface DigestInput {
  label: string;
  file: string;
  /**
   * `file` (the default): a regular file, never through a link; `followed`: a regular file, through links (a config
   * linked into place); `dir`: a directory, whose times change when an entry is added, removed or renamed.
   */
  kind?: InputKind;
}

type InputKind = "file" | "followed" | "dir";
const KINDS: readonly string[] = ["file", "followed", "dir"] satisfies InputKind[];

interface Entry {
  inputs: string;
  value: string;
  /** When a run last used it, in ms since the epoch (refreshed at most daily, so that a hit writes nothing). */
  seen: number;
}

export class DigestMemo {
  private changed = false;
  #entries: Map<string, Entry> | undefined;

  private constructor(
    private readonly file: string,
    private readonly nowMs: number,
  ) {}

  /**
   * The memo kept in `file`, read when first asked (a read that hashes nothing never reads it). One that another
   * account could have written is not believed: what it says decides whether a modified module shows as modified. A
   * missing or unreadable one starts empty.
   */
  static open(file: string, nowMs = Date.now()): DigestMemo {
    return new DigestMemo(file, nowMs);
  }

  private get entries(): Map<string, Entry> {
    this.#entries ??= parseEntries(readOwnFile(this.file));
    return this.#entries;
  }

  /**
   * The digest `compute` gives for these inputs, or the one remembered for `key` when every input looks exactly as it
   * did then. A digest is remembered only when every input had settled; one that is not a regular file is never.
   */
  async digest(key: string, inputs: readonly DigestInput[], compute: () => Promise<string>): Promise<string> {
    const look = looks(inputs);
    const entry = this.entries.get(key);
    if (look !== undefined && entry !== undefined && entry.inputs === look.inputs) {
      if (this.nowMs - entry.seen > DAY_MS) this.record(key, { ...entry, seen: this.nowMs });
      return entry.value;
    }
    const value = await compute();
    this.keep(key, look, value, entry);
    return value;
  }

  /** Remembers a value only when every input had settled; otherwise an older entry for the key goes. */
  private keep(key: string, look: { inputs: string; newestNs: bigint } | undefined, value: string, entry: Entry | undefined): void {
    if (look !== undefined && look.newestNs < BigInt(this.nowMs) * 1_000_000n - SETTLED_NS) this.record(key, { inputs: look.inputs, value, seen: this.nowMs });
    else if (entry !== undefined) this.forget(key);
  }

  /**
   * A value whose inputs are known only once it is computed (the files a config Includes): `compute` answers both,
   * and the value is remembered with how those inputs looked. A later call answers it while they look the same.
   */
  async remembered(key: string, compute: () => Promise<{ value: string; inputs: readonly DigestInput[] }>): Promise<string> {
    const entry = this.entries.get(key);
    const inputs = entry === undefined ? undefined : inputsOf(entry.inputs);
    if (entry !== undefined && inputs !== undefined && looks(inputs)?.inputs === entry.inputs) {
      if (this.nowMs - entry.seen > DAY_MS) this.record(key, { ...entry, seen: this.nowMs });
      return entry.value;
    }
    const computed = await compute();
    this.keep(key, looks(computed.inputs), computed.value, entry);
    return computed.value;
  }

  /** Writes the memo when a digest was added or dropped: atomically, and best effort (a read-only cache is fine). */
  save(): void {
    if (!this.changed) return;
    for (const [key, entry] of this.entries) if (this.nowMs - entry.seen > FORGET_AFTER_MS) this.entries.delete(key);
    try {
      writeFileAtomicSync(this.file, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries) }), 0o600);
      this.changed = false;
    } catch {
      // Best effort: the next run hashes again.
    }
  }

  private record(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.changed = true;
  }

  private forget(key: string): void {
    this.entries.delete(key);
    this.changed = true;
  }
}

/**
 * The inputs' looks as one string (a line each: label, file and kind, then the stat), and the newest time any of them
 * changed; undefined when one is not of its kind (a link or a device where a file was).
 */
function looks(inputs: readonly DigestInput[]): { inputs: string; newestNs: bigint } | undefined {
  const parts: string[] = [];
  let newestNs = 0n;
  for (const { label, file, kind = "file" } of inputs) {
    const stat = statOf(file, kind);
    if (stat === null) return undefined;
    const head = `${label}\u0000${file}\u0000${kind}`;
    if (stat === undefined) {
      parts.push(`${head}\u0000missing`);
      continue;
    }
    if (kind === "dir" ? !stat.isDirectory() : !stat.isFile()) return undefined;
    parts.push(`${head}\u0000${stat.size}\u0000${stat.dev}\u0000${stat.ino}\u0000${stat.mtimeNs}\u0000${stat.ctimeNs}`);
    for (const time of [stat.mtimeNs, stat.ctimeNs]) if (time > newestNs) newestNs = time;
  }
  return { inputs: parts.join("\n"), newestNs };
}

/**
 * How an input looks: undefined when it is missing (a path through a file is missing too), null when it cannot be
 * looked at (no permission), which no value can be remembered by.
 */
function statOf(file: string, kind: InputKind): BigIntStats | undefined | null {
  const options = { bigint: true, throwIfNoEntry: false } as const;
  try {
    return kind === "file" ? lstatSync(file, options) : statSync(file, options);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? undefined : null;
  }
}

/** The inputs a looks string was made of; undefined for one this version cannot read. */
function inputsOf(looksText: string): DigestInput[] | undefined {
  const inputs: DigestInput[] = [];
  for (const line of looksText === "" ? [] : looksText.split("\n")) {
    const [label, file, kind] = line.split("\u0000");
    if (label === undefined || file === undefined || kind === undefined || !KINDS.includes(kind)) return undefined;
    inputs.push({ label, file, kind: kind as InputKind });
  }
  return inputs;
}

function parseEntries(bytes: Buffer | undefined): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (bytes === undefined) return entries;
  const parsed = parseJson(bytes.toString("utf8"));
  if (!isRecord(parsed) || parsed.format !== FORMAT || !isRecord(parsed.entries)) return entries;
  for (const [key, entry] of Object.entries(parsed.entries)) {
    if (isRecord(entry) && typeof entry.inputs === "string" && typeof entry.value === "string" && typeof entry.seen === "number") {
      entries.set(key, { inputs: entry.inputs, value: entry.value, seen: entry.seen });
    }
  }
  return entries;
}

