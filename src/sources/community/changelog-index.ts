import path from "node:path";
import { linearTail } from "../../core/linear-tail.js";
import { nodeOf, parseRevlogIndex } from "../../core/revlog.js";
import { readBytesIfThere } from "../../system/fs-atomic.js";

/**
 * The cached clone's changelog index (revlog version 1), read without starting hg: every changeset's hash and
 * parents. Any other format, or an index that does not parse to the byte, answers undefined and the caller asks hg.
 */
export interface Changelog {
  nodes: string[];
  p1: Int32Array;
  p2: Int32Array;
}

export async function readChangelog(repo: string): Promise<Changelog | undefined> {
  const data = readBytesIfThere(path.join(repo, ".hg", "store", "00changelog.i"));
  const index = data && parseRevlogIndex(data);
  if (!index) return undefined;
  const nodes: string[] = [];
  for (let rev = 0; rev < index.count; rev++) nodes.push(Buffer.from(nodeOf(index, rev)).toString("hex"));
  return { nodes, p1: index.p1.subarray(0, index.count), p2: index.p2.subarray(0, index.count) };
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
