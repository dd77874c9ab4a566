import path from "node:path";
import { presentCopies, type ModuleCopy, type SearchDirKind } from "../core/model/copies.js";
import type { ModuleName } from "../core/types.js";
import { readModuleCopies } from "./module-copies.js";
import type { Session } from "./session.js";

export interface Provider {
  name: ModuleName;
  /** The copy Prosody loads once the removed one is gone; undefined when no copy is left. */
  next: ModuleCopy | undefined;
  /** Which kind of search-path directory holds that copy. */
  kind: SearchDirKind | undefined;
}

/**
 * For modules about to be removed from one directory: the copy Prosody will load instead (another plugin path, the
 * installer tree, or the built-in module), in Prosody's search order. Only a module with no copy left is disabled.
 */
export async function copiesLeftAfterRemoval(session: Session, names: readonly ModuleName[], removedFrom: string): Promise<Provider[]> {
  const view = await readModuleCopies(session, { names, only: true, check: false });
  const removed = path.resolve(session.ctx.cwd, removedFrom);
  return names.map((name) => {
    const copies = view.modules.get(name);
    const next = copies ? presentCopies(copies).find((copy) => copy.dir !== removed) : undefined;
    return { name, next, kind: view.searchPath.find((entry) => entry.dir === next?.dir)?.kind };
  });
}
