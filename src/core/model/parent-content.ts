import type { ModuleName } from "../types.js";

/**
 * Modules whose directory in the cache's working copy, at changeset `parent`, holds exactly their content at the
 * revision named: installing them is a copy of tracked files, not an `hg archive` (a Python start each).
 */
export interface ParentContent {
  parent: string;
  same: ReadonlyMap<ModuleName, string>;
}

export interface ParentContentFacts {
  /** The tip the catalogue was indexed at (short or full hash). */
  catalogueRevision: string | undefined;
  /** The working copy's parent now (full hash). */
  parent: string | undefined;
  /** Each module's catalogue revision, as a full hash: the newest changeset (by number) touching its directory. */
  newest: ReadonlyMap<ModuleName, string>;
  /** Ancestors of the parent with no merge between them and the parent (the parent's linear tail). */
  linear: ReadonlySet<string>;
  /** Files the working copy has changed (modified, added, removed), as hg's status said. */
  changed: ReadonlySet<string>;
}

/**
 * When is a module's content at its catalogue revision R the parent's? The catalogue was indexed at this very
 * parent, so no ancestor of the parent newer than R touches the directory. If R is in the parent's linear tail, the
 * changesets from R to the parent form one chain without merges, and a non-merge changeset lists every file it
 * changes: none of them changed the directory. Off that tail (R behind a merge, or not an ancestor at all) the
 * newest toucher by number can be a side a merge discarded, so nothing is claimed and the module is archived.
 * A directory with changes in the working copy is never claimed; the copy checks the files again when it reads them.
 */
export function contentAtParent(facts: ParentContentFacts): ParentContent | undefined {
  const { catalogueRevision, parent } = facts;
  if (!parent || !catalogueRevision || catalogueRevision.length < 12 || !parent.startsWith(catalogueRevision)) return undefined;
  const edited = new Set([...facts.changed].map((file) => file.split("/")[0]));
  const same = new Map<ModuleName, string>();
  for (const [name, node] of facts.newest) if (facts.linear.has(node) && !edited.has(name)) same.set(name, node);
  return { parent, same };
}

/** Each catalogued module's newest revision as a full hash, where hg knew it. */
export function newestNodes(modules: ReadonlyMap<ModuleName, { revision?: string | undefined }>, resolved: ReadonlyMap<string, { node: string }>): Map<ModuleName, string> {
  const out = new Map<ModuleName, string>();
  for (const [name, module] of modules) {
    const node = module.revision ? resolved.get(module.revision)?.node : undefined;
    if (node) out.set(name, node);
  }
  return out;
}
