import path from "node:path";
import { decompress as unzstd } from "fzstd";
import type { ChangesetFiles } from "../../core/history.js";
import { isHashPrefix } from "../../core/names.js";
import { applyDelta, changesetFileList, chunkRange, deltaChain, nodeStart, parseRevlogIndex, type RevlogIndex, sortedParents } from "../../core/revlog.js";
import { readBytesIfThere } from "../../system/fs-atomic.js";
import { requireBuiltin } from "../../system/builtin-require.js";
import { loadCrypto } from "../../system/lazy-builtins.js";
import { readableStore } from "./store-format.js";

/**
 * Every changeset after `afterRevision` (a hash or a prefix of one; all of them without it), oldest first, with the
 * files it touched, read from the cached clone's changelog without starting hg: on a first sync, hg's log of the whole history (a
 * Python start, then 0.5 s of Python on two cores busy indexing modules) ended after the index it ran beside. Each
 * text is checked against its changeset's hash, so a format misread here is never trusted: false (with the visitor
 * having seen a part, to be dropped) means "ask hg".
 */
export async function readChangelogHistory(repo: string, visit: (changeset: ChangesetFiles) => void, afterRevision?: string): Promise<boolean> {
  const store = path.join(repo, ".hg", "store");
  if (!readableStore(repo)) return false;
  const indexBytes = readBytesIfThere(path.join(store, "00changelog.i"));
  const index = indexBytes && parseRevlogIndex(indexBytes);
  if (!index) return false;
  const data = index.inline ? indexBytes : readBytesIfThere(path.join(store, "00changelog.d"));
  if (!data) return false;
  if (afterRevision !== undefined && !isHashPrefix(afterRevision)) return false;
  const after = afterRevision === undefined ? -1 : revisionByPrefix(index, indexBytes, afterRevision);
  // A revision the changelog lacks, or shares with another, is hg's to report.
  if (afterRevision !== undefined && after < 0) return false;
  const sha1 = sha1Hex(await loadCrypto());
  let previous: { rev: number; text: Uint8Array } | undefined;
  for (let rev = after + 1; rev < index.count; rev++) {
    const text = revisionText(index, data, rev, previous);
    if (!text || text.length !== index.uncompressed[rev]) return false;
    const node = indexBytes.toString("hex", nodeStart(index, rev), nodeStart(index, rev) + 20);
    if (sha1(sortedParents(index, rev), text) !== node) return false;
    const files = changesetFileList(text);
    if (!files) return false;
    visit({ node, short: node.slice(0, 12), files });
    previous = { rev, text };
  }
  return true;
}

/**
 * A changeset's hash as Mercurial computes it: SHA-1 of both parents' hashes (smaller first), then the text. In one
 * call over a reused buffer where Node has `crypto.hash`: a Hash object per changeset, six thousand of them, left
 * their memory to the allocator behind them.
 */
function sha1Hex(crypto: typeof import("node:crypto")): (parents: readonly [Uint8Array, Uint8Array], text: Uint8Array) => string {
  let scratch = Buffer.alloc(4096);
  return (parents, text) => {
    if (typeof crypto.hash !== "function") return crypto.createHash("sha1").update(parents[0]).update(parents[1]).update(text).digest("hex");
    const size = 40 + text.length;
    if (scratch.length < size) scratch = Buffer.alloc(Math.max(size, scratch.length * 2));
    scratch.set(parents[0], 0);
    scratch.set(parents[1], 20);
    scratch.set(text, 40);
    return crypto.hash("sha1", scratch.subarray(0, size), "hex");
  };
}

/**
 * The revision whose hash starts with `prefix` (hex), -1 for none; -2 when several do (hg would call it ambiguous).
 * Compared as bytes: hex for each of 6 000 hashes cost an incremental sync 25 ms.
 */
function revisionByPrefix(index: RevlogIndex, indexBytes: Buffer, prefix: string): number {
  const wanted = Buffer.from(prefix.slice(0, prefix.length - (prefix.length % 2)), "hex");
  const odd = prefix.length % 2 === 1 ? Number.parseInt(prefix.slice(-1), 16) : -1;
  let found = -1;
  for (let rev = 0; rev < index.count; rev++) {
    const at = nodeStart(index, rev);
    if (indexBytes.compare(wanted, 0, wanted.length, at, at + wanted.length) !== 0) continue;
    if (odd >= 0 && (indexBytes[at + wanted.length] ?? 0) >> 4 !== odd) continue;
    if (found >= 0) return -2;
    found = rev;
  }
  return found;
}

/** A revision's full text: its stored chunk, or the chain of deltas from the last full text (or from `previous`). */
function revisionText(index: RevlogIndex, data: Uint8Array, rev: number, previous: { rev: number; text: Uint8Array } | undefined): Uint8Array | undefined {
  const chain = deltaChain(index, rev, previous?.rev);
  if (!chain) return undefined;
  let text: Uint8Array | undefined;
  for (const link of chain) {
    if (link === previous?.rev) {
      text = previous.text;
      continue;
    }
    const { start, end } = chunkRange(index, link);
    if (end > data.length) return undefined;
    // A full text's size is in the index: decompressed straight into a buffer of that size.
    const size = index.base[link] === link ? index.uncompressed[link] : undefined;
    const chunk = decompressed(data.subarray(start, end), size);
    if (!chunk) return undefined;
    text = text === undefined ? chunk : applyDelta(text, chunk);
    if (!text) return undefined;
  }
  return text;
}

let zlibModule: typeof import("node:zlib") | undefined;

/** Loaded for the first zlib chunk only: this hg writes zstd, and a changelog is one or the other throughout. */
function zlib(): typeof import("node:zlib") {
  zlibModule ??= requireBuiltin("node:zlib") as typeof import("node:zlib");
  return zlibModule;
}

/** A chunk by its first byte, as Mercurial marks it: zlib (`x`), zstd (its magic number), stored (`u`), raw (NUL). */
function decompressed(chunk: Uint8Array, size: number | undefined): Uint8Array | undefined {
  if (chunk.length === 0) return chunk;
  try {
    switch (chunk[0]) {
      case 0x78:
        return zlib().inflateSync(chunk);
      case 0x28:
        return unzstd(chunk, size === undefined ? undefined : new Uint8Array(size));
      case 0x75:
        return chunk.subarray(1);
      case 0x00:
        return chunk;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
