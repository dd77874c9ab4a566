import { createHash } from "node:crypto";

/** One revision of a hand-made revlog: its full text, and what to store for it. */
export interface MadeRevision {
  text: string;
  /** A full text (its own base), or a delta against this revision (its number). */
  deltaAgainst?: number;
  p1?: number;
  p2?: number;
}

const NULL = Buffer.alloc(20);

/**
 * A revlog (version 1, inline unless `separate`: then `data` holds the chunks) written byte by byte as Mercurial lays one out, with real hashes, so a reader can be
 * tested on the forms hg no longer writes for a changelog (delta chains, general delta) but an old clone may hold.
 * A delta replaces the whole base text in one fragment: the reader's patch code is what is tested, not a diff.
 */
export function madeRevlog(revisions: readonly MadeRevision[], options: { generalDelta?: boolean; separate?: boolean } = {}): { index: Buffer; data: Buffer; nodes: string[] } {
  const nodes: Buffer[] = [];
  const parts: Buffer[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  revisions.forEach((revision, rev) => {
    const text = Buffer.from(revision.text);
    const parents = [revision.p1 ?? -1, revision.p2 ?? -1].map((parent) => (parent < 0 ? NULL : (nodes[parent] ?? NULL)));
    const [low, high] = Buffer.compare(parents[0] ?? NULL, parents[1] ?? NULL) <= 0 ? [parents[0], parents[1]] : [parents[1], parents[0]];
    const node = createHash("sha1").update(low ?? NULL).update(high ?? NULL).update(text).digest();
    nodes.push(node);
    const against = revision.deltaAgainst;
    let chunk: Buffer;
    if (against === undefined) chunk = Buffer.concat([Buffer.from("u"), text]);
    else {
      const base = Buffer.from(revisions[against]?.text ?? "");
      const header = Buffer.alloc(12);
      header.writeUInt32BE(0, 0);
      header.writeUInt32BE(base.length, 4);
      header.writeUInt32BE(text.length, 8);
      chunk = Buffer.concat([header, text]);
    }
    const entry = Buffer.alloc(64);
    if (rev === 0) entry.writeUInt32BE((options.separate ? 0 : 1 << 16) | (options.generalDelta ? 1 << 17 : 0) | 1, 0);
    else {
      entry.writeUInt32BE(Math.floor(offset / 0x10000), 0);
      entry.writeUInt16BE(offset % 0x10000, 4);
    }
    entry.writeInt32BE(chunk.length, 8);
    entry.writeInt32BE(text.length, 12);
    // Without general delta, a delta is always against the revision before, and the entry names its chain's start.
    entry.writeInt32BE(against === undefined ? rev : options.generalDelta ? against : chainStart(revisions, rev), 16);
    entry.writeInt32BE(rev, 20);
    entry.writeInt32BE(revision.p1 ?? -1, 24);
    entry.writeInt32BE(revision.p2 ?? -1, 28);
    node.copy(entry, 32);
    if (options.separate) {
      parts.push(entry);
      chunks.push(chunk);
    } else parts.push(entry, chunk);
    offset += chunk.length;
  });
  return { index: Buffer.concat(parts), data: Buffer.concat(chunks), nodes: nodes.map((node) => node.toString("hex")) };
}

function chainStart(revisions: readonly MadeRevision[], rev: number): number {
  let at = rev;
  while (at > 0 && revisions[at]?.deltaAgainst !== undefined) at--;
  return at;
}

/** A changeset's text as Mercurial's changelog stores it. */
export function changesetText(files: readonly string[], description: string): string {
  return ["0123456789abcdef0123456789abcdef01234567", "test <test@example.org>", "1700000000 0", ...files, "", description].join("\n");
}
