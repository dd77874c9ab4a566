/**
 * Mercurial's revlog format, version 1 (`00changelog.i` and its `.d`), as far as reading every revision's text needs:
 * the 64-byte index entries, where each revision's chunk lies, and the binary deltas (mdiff patches) a revision may be
 * stored as. Pure: the caller reads the files and decompresses chunks. Anything this reader does not know answers
 * undefined, so the caller can ask hg instead; it never guesses.
 */

const ENTRY = 64;
const VERSION_1 = 1;
const FLAG_INLINE = 1 << 16;
const FLAG_GENERAL_DELTA = 1 << 17;
const KNOWN_HEADER_FLAGS = FLAG_INLINE | FLAG_GENERAL_DELTA;

export interface RevlogIndex {
  /** The index bytes: node hashes are read out of them. */
  readonly data: Uint8Array;
  readonly count: number;
  /** Data interleaved with the index in the `.i` file (a small revlog), else in the `.d` file. */
  readonly inline: boolean;
  /** A revision's delta base is the revision its index entry names; otherwise the one just before it. */
  readonly generalDelta: boolean;
  readonly offsets: Float64Array;
  readonly compressed: Int32Array;
  readonly uncompressed: Int32Array;
  readonly base: Int32Array;
  readonly p1: Int32Array;
  readonly p2: Int32Array;
}

export function parseRevlogIndex(data: Uint8Array): RevlogIndex | undefined {
  if (data.length < ENTRY) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const header = view.getUint32(0);
  if ((header & 0xffff) !== VERSION_1 || (header & ~0xffff & ~KNOWN_HEADER_FLAGS) !== 0) return undefined;
  const inline = (header & FLAG_INLINE) !== 0;
  // An inline revlog's entries are spaced by their data, so they are counted by walking them.
  const capacity = Math.floor(data.length / ENTRY);
  const offsets = new Float64Array(capacity);
  const compressed = new Int32Array(capacity);
  const uncompressed = new Int32Array(capacity);
  const base = new Int32Array(capacity);
  const p1 = new Int32Array(capacity);
  const p2 = new Int32Array(capacity);
  let count = 0;
  let at = 0;
  while (at + ENTRY <= data.length) {
    const rev = count;
    // 48 bits of offset (the first entry's hold the header instead: its offset is 0), then 16 bits of flags.
    const offset = rev === 0 ? 0 : view.getUint32(at) * 0x10000 + view.getUint16(at + 4);
    const flags = view.getUint16(at + 6);
    const length = view.getInt32(at + 8);
    const size = view.getInt32(at + 12);
    const deltaBase = view.getInt32(at + 16);
    const first = view.getInt32(at + 24);
    const second = view.getInt32(at + 28);
    // Censored, externally stored or otherwise flagged revisions hold something other than the text.
    if (flags !== 0 || length < 0 || size < 0) return undefined;
    // Plain comparisons, no array per entry: this loop runs once per changeset, mostly before V8 has compiled it.
    if (deltaBase < 0 || deltaBase > rev || first < -1 || first >= rev || second < -1 || second >= rev) return undefined;
    offsets[rev] = offset;
    compressed[rev] = length;
    uncompressed[rev] = size;
    base[rev] = deltaBase;
    p1[rev] = first;
    p2[rev] = second;
    count++;
    at += ENTRY + (inline ? length : 0);
  }
  if (at !== data.length) return undefined;
  return { data, count, inline, generalDelta: (header & FLAG_GENERAL_DELTA) !== 0, offsets, compressed, uncompressed, base, p1, p2 };
}

const NULL_NODE = new Uint8Array(20);

/** A revision's 20-byte hash; the null revision's for -1. */
export function nodeOf(index: RevlogIndex, rev: number): Uint8Array {
  if (rev < 0) return NULL_NODE;
  const at = nodeStart(index, rev);
  return index.data.subarray(at, at + 20);
}

/** Where a revision's hash lies in the index bytes. */
export function nodeStart(index: RevlogIndex, rev: number): number {
  return entryStart(index, rev) + 32;
}

/**
 * The hashes of a changelog's heads (the revisions no other names as a parent), from its index alone. A separate
 * index is read for the parents only, once per changeset and mostly before V8 has compiled the loop; an inline one
 * (a small repository) is parsed whole.
 */
export function headNodes(data: Uint8Array): Uint8Array[] | undefined {
  const layout = entryLayout(data);
  if (!layout) return undefined;
  const { count, index } = layout;
  const isParent = new Uint8Array(count);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let rev = 0; rev < count; rev++) {
    const first = index ? (index.p1[rev] ?? -1) : view.getInt32(rev * ENTRY + 24);
    const second = index ? (index.p2[rev] ?? -1) : view.getInt32(rev * ENTRY + 28);
    if (first < -1 || first >= rev || second < -1 || second >= rev) return undefined;
    if (first >= 0) isParent[first] = 1;
    if (second >= 0) isParent[second] = 1;
  }
  const heads: Uint8Array[] = [];
  for (let rev = 0; rev < count; rev++) if (isParent[rev] === 0) heads.push(layout.node(rev));
  return heads;
}

/**
 * Whether a changelog index holds the revision whose hash is `node` (20 bytes), looked for from the newest back, where
 * a pull's new heads would be; undefined for an index this reader does not know.
 */
export function holdsNode(data: Uint8Array, node: Uint8Array): boolean | undefined {
  const layout = entryLayout(data);
  if (!layout) return undefined;
  if (node.length !== 20) return false;
  for (let rev = layout.count - 1; rev >= 0; rev--) {
    const held = layout.node(rev);
    let same = 0;
    while (same < 20 && held[same] === node[same]) same++;
    if (same === 20) return true;
  }
  return false;
}

/** The hash of the revision with the highest number (hg's `tip`); undefined for an empty or unknown index. */
export function tipNode(data: Uint8Array): Uint8Array | undefined {
  const layout = entryLayout(data);
  return layout && layout.count > 0 ? layout.node(layout.count - 1) : undefined;
}

interface EntryLayout {
  count: number;
  /** A revision's 20-byte hash. */
  node(rev: number): Uint8Array;
  /** The whole parse, for an inline revlog only: its entries lie between the data. */
  index?: RevlogIndex;
}

/**
 * How to find each entry: an index kept apart from its data is 64-byte entries back to back (nothing to parse to find
 * one); an inline revlog is walked whole. Undefined for anything this reader does not know.
 */
function entryLayout(data: Uint8Array): EntryLayout | undefined {
  const count = separateIndexCount(data);
  if (count !== undefined) return { count, node: (rev) => data.subarray(rev * ENTRY + 32, rev * ENTRY + 52) };
  const index = parseRevlogIndex(data);
  return index && { count: index.count, node: (rev) => nodeOf(index, rev), index };
}

/** The number of entries of an index kept apart from its data (64-byte entries back to back); undefined otherwise. */
function separateIndexCount(data: Uint8Array): number | undefined {
  if (data.length < ENTRY || data.length % ENTRY !== 0) return undefined;
  const header = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  if ((header & 0xffff) !== VERSION_1 || (header & ~0xffff & ~KNOWN_HEADER_FLAGS) !== 0 || (header & FLAG_INLINE) !== 0) return undefined;
  return data.length / ENTRY;
}

/** Where a revision's chunk lies: in the `.i` file for an inline revlog, else in the `.d` file. */
export function chunkRange(index: RevlogIndex, rev: number): { start: number; end: number } {
  const start = index.inline ? (index.offsets[rev] ?? 0) + (rev + 1) * ENTRY : (index.offsets[rev] ?? 0);
  return { start, end: start + (index.compressed[rev] ?? 0) };
}

function entryStart(index: RevlogIndex, rev: number): number {
  // Inline data before this entry is every earlier revision's chunk, which its offset counts.
  return index.inline ? (index.offsets[rev] ?? 0) + rev * ENTRY : rev * ENTRY;
}

/**
 * The revisions to apply, oldest first, to rebuild `rev`: a full text (its own base) then each delta on it. `known`
 * is a revision whose text the caller already has: the chain stops there instead of at a full text.
 */
export function deltaChain(index: RevlogIndex, rev: number, known = -1): number[] | undefined {
  const chain: number[] = [];
  let at = rev;
  for (;;) {
    chain.push(at);
    if (at === known || index.base[at] === at) break;
    at = index.generalDelta ? (index.base[at] ?? -1) : at - 1;
    if (at < 0 || at >= rev) return undefined;
  }
  return chain.reverse();
}

/**
 * An mdiff patch applied: a list of (start, end, length) headers, big-endian, each followed by `length` bytes that
 * replace `base[start:end]`; the ranges come in order and never overlap. Undefined for anything else.
 */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array | undefined {
  const view = new DataView(delta.buffer, delta.byteOffset, delta.byteLength);
  const pieces: Uint8Array[] = [];
  let size = 0;
  let from = 0;
  let at = 0;
  while (at < delta.length) {
    if (at + 12 > delta.length) return undefined;
    const start = view.getUint32(at);
    const end = view.getUint32(at + 4);
    const length = view.getUint32(at + 8);
    at += 12;
    if (start < from || end < start || end > base.length || at + length > delta.length) return undefined;
    pieces.push(base.subarray(from, start), delta.subarray(at, at + length));
    size += start - from + length;
    from = end;
    at += length;
  }
  pieces.push(base.subarray(from));
  size += base.length - from;
  const out = new Uint8Array(size);
  let written = 0;
  for (const piece of pieces) {
    out.set(piece, written);
    written += piece.length;
  }
  return out;
}

/** The two parents' hashes in the order Mercurial hashes them with a text: the smaller first. */
export function sortedParents(index: RevlogIndex, rev: number): [Uint8Array, Uint8Array] {
  const a = nodeOf(index, index.p1[rev] ?? -1);
  const b = nodeOf(index, index.p2[rev] ?? -1);
  return compareBytes(a, b) <= 0 ? [a, b] : [b, a];
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let at = 0; at < a.length; at++) {
    const difference = (a[at] ?? 0) - (b[at] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

const UTF8 = new TextDecoder();

/**
 * The files a changeset's text lists: after the manifest hash, the user and the date, one per line up to the blank
 * line before the description. Undefined when the text is not shaped so.
 */
export function changesetFileList(text: Uint8Array): string[] | undefined {
  let end = -1;
  for (let at = 0; at + 1 < text.length; at++) {
    if (text[at] === 10 && text[at + 1] === 10) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const lines = UTF8.decode(text.subarray(0, end)).split("\n");
  if (lines.length < 3 || !/^[0-9a-f]{40}$/.test(lines[0] ?? "")) return undefined;
  return lines.slice(3);
}
