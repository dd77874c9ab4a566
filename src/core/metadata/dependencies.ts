import { tryModuleName } from "../names.js";
import type { ModuleDependencies, ModuleName, SourceFacts } from "../types.js";
import { isProsodyInternalRequire } from "./lua-source.js";

/**
 * Splits what a module needs into Prosody's own modules, community modules to install with it, and names found
 * in neither. Hard needs are `module:depends("x")` targets plus the README's `rockspec.dependencies`; a built-in name
 * wins over a community one, since Prosody already provides it. A soft need (`module:depends("x", true)`) is only
 * listed as soft, unless something else needs it hard. `self`, when given, is never its own dependency.
 * A rockspec dependency that is not `mod_…` is a Lua rock, so it is reported with the required Lua libraries.
 */
export function classifyDependencies(
  facts: SourceFacts,
  isBuiltin: (name: ModuleName) => boolean,
  isCommunity: (name: ModuleName) => boolean,
  rockspecDependencies: readonly string[],
  self?: ModuleName,
): ModuleDependencies {
  const hard = new Set<ModuleName>();
  const soft = new Set<ModuleName>();
  const unknowable = new Set(facts.unknowableDepends);
  const luaRequires = new Set(facts.requires.filter((name) => !isProsodyInternalRequire(name)));

  for (const dependency of facts.depends) {
    const name = tryModuleName(dependency.name);
    // A literal that is no module name cannot be resolved either: report it as written.
    if (!name) unknowable.add(JSON.stringify(dependency.name));
    else (dependency.soft ? soft : hard).add(name);
  }
  for (const entry of rockspecDependencies) {
    // Entries may carry a version constraint: "mod_x >= 2", "luaunbound ~> 0.5".
    const rock = /^[^\s<>=~!,]+/.exec(entry.trim())?.[0] ?? "";
    if (rock === "" || rock === "lua") continue;
    if (!rock.toLowerCase().startsWith("mod_")) {
      luaRequires.add(rock);
      continue;
    }
    const name = tryModuleName(rock);
    if (name) hard.add(name);
    else unknowable.add(JSON.stringify(rock));
  }

  const builtin: ModuleName[] = [];
  const community: ModuleName[] = [];
  const unknown: ModuleName[] = [];
  for (const name of hard) {
    if (name === self) continue;
    if (isBuiltin(name)) builtin.push(name);
    else if (isCommunity(name)) community.push(name);
    else unknown.push(name);
  }
  return {
    builtin: builtin.sort(),
    community: community.sort(),
    unknown: unknown.sort(),
    soft: [...soft].filter((name) => !hard.has(name) && name !== self).sort(),
    unknowable: [...unknowable].sort(),
    luaRequires: [...luaRequires].sort(),
  };
}
