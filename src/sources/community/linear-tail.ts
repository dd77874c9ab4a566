import { isHashPrefix } from "../../core/names.js";
import { readChangelog, tailFromChangelog } from "./changelog-index.js";
import { hg, resolveRevisions } from "./hg.js";
import { workingCopyParent } from "./working-copy.js";

export interface ResolvedWithTail {
  /** Full and short hash of each spec hg knows. */
  nodes: Map<string, { node: string; short: string }>;
  /** The working copy's parent, when hg said. */
  parent: string | undefined;
  /** The resolved changesets that lie in the parent's linear tail (no merge between them and the parent). */
  linear: Set<string>;
  /** Files hg's status calls modified, added or removed in the working copy. */
  changed: Set<string>;
}

/**
 * The changesets in `::.` that are no proper ancestor of a merge in `::.`: from any of them to the parent runs a
 * single chain of non-merge changesets. hg's templater caches a revset without arguments, so it is worked out once
 * for all rows.
 */
const TAIL = "(::.) - ::parents(merge() and ::.)";
const WDIR = "f".repeat(40);
/** The working directory's row lists its changed files (its status is worked out for that row only). */
const TEMPLATE = `{ifeq(node, '${WDIR}', 'wdir {join(file_mods, "\\x1e")}\\x1e{join(file_adds, "\\x1e")}\\x1e{join(file_dels, "\\x1e")}', '{node} {node|short} {ifcontains(rev, revset("${TAIL}"), "linear", "merged")} {revset(".") % "{node}"}')}\\n`;

/**
 * `resolveRevisions` and, in the same hg run (each start costs Python's ~100 ms), where the working copy is and which
 * of the revisions lie in its linear tail. Names that are not hash prefixes, or an hg that refuses the template,
 * answer with no tail at all: callers then archive everything, as before.
 */
export async function resolveWithLinearTail(repo: string, specs: readonly string[]): Promise<ResolvedWithTail> {
  const distinct = [...new Set(specs)];
  const unknownTail = async (): Promise<ResolvedWithTail> => ({ nodes: await resolveRevisions(repo, distinct), parent: undefined, linear: new Set(), changed: new Set() });
  if (distinct.length === 0 || !distinct.every(isHashPrefix)) return unknownTail();
  return (await withoutHg(repo, distinct)) ?? (await withHg(repo, distinct)) ?? unknownTail();
}

/** The answer from one hg run; undefined when hg refused it. Exported for the test that compares it with the files'. */
export async function withHg(repo: string, specs: readonly string[]): Promise<ResolvedWithTail | undefined> {
  // The status hg works out for wdir() also records the mtimes of files it had to read (the ones written in the
  // same second as its last dirstate), so the copy that follows can trust size and mtime for them too.
  const result = await hg(["log", "-R", repo, ...specs.flatMap((spec) => ["-r", `id(${spec})`]), "-r", "wdir()", "--template", TEMPLATE]);
  if (result.code !== 0) return undefined;
  const out: ResolvedWithTail = { nodes: new Map(), parent: undefined, linear: new Set(), changed: new Set() };
  for (const line of result.stdout.split("\n")) {
    if (line.startsWith("wdir ")) {
      for (const file of line.slice(5).split("\u001e")) if (file !== "") out.changed.add(file);
      continue;
    }
    const [node, short, tail, parent] = line.trim().split(" ");
    if (!node || !short || !/^[0-9a-f]{40}$/.test(node)) continue;
    for (const spec of specs) if (node.startsWith(spec)) out.nodes.set(spec, { node, short });
    if (tail === "linear") out.linear.add(node);
    if (parent && /^[0-9a-f]{40}$/.test(parent)) out.parent = parent;
  }
  return out;
}

/**
 * The same answer from the changelog index and the dirstate, when both are in formats read here: no hg at all. Files
 * changed in the working copy are not listed then; the copy judges every file from the dirstate itself.
 */
export async function withoutHg(repo: string, specs: readonly string[]): Promise<ResolvedWithTail | undefined> {
  const [changelog, parent] = await Promise.all([readChangelog(repo), workingCopyParent(repo)]);
  if (!changelog || !parent) return undefined;
  const tail = tailFromChangelog(changelog, parent, specs);
  return tail && { ...tail, parent, changed: new Set() };
}
