import type { ModuleName } from "../core/types.js";
import { locateModule, type ModuleLocation } from "./module-locations.js";
import type { Session } from "./session.js";
import { moduleSearchPath } from "./search-path.js";

export interface Provider {
  name: ModuleName;
  /** The copy Prosody loads once the removed one is gone; undefined when no copy is left. */
  next: ModuleLocation | undefined;
}

/**
 * For modules about to be removed from one directory: the copy Prosody will load instead (another plugin path, the
 * installer tree, or the built-in module), in Prosody's search order. Only a module with no copy left is disabled.
 */
export async function copiesLeftAfterRemoval(session: Session, names: readonly ModuleName[], removedFrom: string): Promise<Provider[]> {
  const [dirs, luaVersion] = await Promise.all([moduleSearchPath(session), session.luaVersion()]);
  const others = dirs.filter((entry) => entry.dir !== removedFrom);
  return Promise.all(names.map(async (name) => ({ name, next: (await locateModule(name, others, luaVersion))[0] })));
}
