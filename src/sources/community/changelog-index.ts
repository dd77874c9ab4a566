import { promises as fs } from "node:fs";
import path from "node:path";
import { linearTail } from "../../core/linear-tail.js";

/**
 * The cached clone's changelog index (revlog version 1), read without starting hg: every changeset's hash and
 * parents. Any other format, or an index that does not parse to the byte, answers undefined and the caller asks hg.
 */
export interface Changelog {
  nodes: string[];
  p1: Int32Array;
  p2: Int32Array;
}

const ENTRY = 64;
const INLINE = 1 << 16;
const VERSION_1 = 1;

export async function readChangelog(repo: string): Promise<Changelog | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(path.join(repo, ".hg", "store", "00changelog.i"));
  } catch {
    return undefined;
  }
  if (data.length < ENTRY) return undefined;
  const header = data.readUInt32BE(0);
  if ((header & 0xffff) !== VERSION_1) return undefined;
  const inline = (header & INLINE) !== 0;
  const nodes: string[] = [];
  const p1: number[] = [];
  const p2: number[] = [];
  let at = 0;
  while (at + ENTRY <= data.length) {
    const rev = nodes.length;
    const compressed = data.readInt32BE(at + 8);
    const parents = [data.readInt32BE(at + 24), data.readInt32BE(at + 28)];
    // A parent always comes before its child; anything else is not an index this reader understands.
    if (compressed < 0 || parents.some((parent) => parent < -1 || parent >= rev)) return undefined;
    p1.push(parents[0] ?? -1);
    p2.push(parents[1] ?? -1);
    nodes.push(data.toString("hex", at + 32, at + 52));
    at += ENTRY + (inline ? compressed : 0);
  }
  if (at !== data.length) return undefined;
  return { nodes, p1: Int32Array.from(p1), p2: Int32Array.from(p2) };
}

/** What `resolveWithLinearTail` answers, from the index and the dirstate's parent: no hg run. */
export function tailFromChangelog(changelog: Changelog, parent: string, specs: readonly string[]): { nodes: Map<string, { node: string; short: string }>; linear: Set<string> } | undefined {
  const head = changelog.nodes.indexOf(parent);
  if (head < 0) return undefined;
  const byPrefix = new Map<string, string | null>();
  const lengths = new Set(specs.map((spec) => spec.length));
  for (const node of changelog.nodes) {
    for (const length of lengths) {
      const prefix = node.slice(0, length);
      // Two changesets sharing the prefix: hg would refuse it as ambiguous, so it resolves to nothing here too.
      byPrefix.set(prefix, byPrefix.has(prefix) ? null : node);
    }
  }
  const nodes = new Map<string, { node: string; short: string }>();
  for (const spec of specs) {
    const node = byPrefix.get(spec);
    if (node) nodes.set(spec, { node, short: node.slice(0, 12) });
  }
  const linear = new Set([...linearTail(changelog, head)].map((rev) => changelog.nodes[rev] ?? ""));
  return { nodes, linear };
}
