import { tryModuleName } from "../names.js";
import type { ModuleDependencies, ModuleName, SourceFacts } from "../types.js";
import { isProsodyInternalRequire } from "./lua-source.js";

/**
 * Splits what a module needs into Prosody's own modules, community modules to install with it, and names found
 * nowhere. A built-in name wins over a community one: Prosody already provides it.
 */
export function classifyDependencies(
  facts: SourceFacts,
  isBuiltin: (name: ModuleName) => boolean,
  isCommunity: (name: ModuleName) => boolean,
  rockspecDependencies: readonly string[],
): ModuleDependencies {
  const builtin = new Set<ModuleName>();
  const community = new Set<ModuleName>();
  const unknown = new Set<ModuleName>();
  const soft = new Set<ModuleName>();
  const place = (name: ModuleName): void => {
    if (isBuiltin(name)) builtin.add(name);
    else if (isCommunity(name)) community.add(name);
    else unknown.add(name);
  };
  for (const dependency of facts.depends) {
    const name = tryModuleName(dependency.name);
    if (!name) continue;
    if (dependency.soft) soft.add(name);
    else place(name);
  }
  for (const raw of rockspecDependencies) {
    // Rockspec entries may carry a version constraint: "mod_x >= 2".
    const name = tryModuleName(raw.split(/\s/)[0] ?? "");
    if (name) place(name);
  }
  const sorted = (set: Set<ModuleName>): ModuleName[] => [...set].sort();
  return {
    builtin: sorted(builtin),
    community: sorted(community),
    unknown: sorted(unknown),
    soft: sorted(soft),
    unknowable: [...new Set(facts.unknowableDepends)].sort(),
    luaRequires: [...new Set(facts.requires.filter((name) => !isProsodyInternalRequire(name)))].sort(),
  };
}
