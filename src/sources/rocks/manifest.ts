import { decodeLuaString } from "../../core/lua-string.js";
import { isRockName, isRockVersion, newestFirst } from "../../core/rock-version.js";
import { compareModuleNames, printable, tryModuleName } from "../../core/names.js";
import type { CatalogueProblem, ModuleName, RockModule } from "../../core/types.js";
import { type LuaTable, type LuaValue, topLevelTable } from "./lua-data.js";

export interface ParsedManifest {
  modules: RockModule[];
  /** Entries dropped because their name or version does not fit LuaRocks' grammar: a hostile or broken server. */
  rejected: CatalogueProblem[];
}

/**
 * Reads a LuaRocks manifest (a Lua file assigning `repository = { ... }`) by parsing, never evaluating, it.
 * Answers each package's versions, newest first. Packages whose names are not module names are left out silently
 * (a server may carry libraries); names or versions outside LuaRocks' grammar are dropped and reported, because
 * they would otherwise reach LuaRocks' command line.
 */
export async function readRepositoryManifest(text: string, origin: string): Promise<ParsedManifest> {
  // Packages (depth 2) and their versions' keys are read; what each version holds (depth 3, archs) never is.
  const repository = await topLevelTable(text, origin, "repository", 2);
  const modules: RockModule[] = [];
  const rejected: CatalogueProblem[] = [];
  for (const [name, value] of tableEntries(repository)) {
    if (!isRockName(name)) {
      rejected.push({ module: printable(name), problem: `${origin}: not a valid rock name, ignored` });
      continue;
    }
    const moduleName = tryModuleName(name);
    if (!moduleName || moduleName !== name || value.type !== "TableConstructorExpression") continue;
    const versions: string[] = [];
    for (const [version] of tableEntries(value)) {
      if (isRockVersion(version)) versions.push(version);
      else rejected.push({ module: moduleName, problem: `${origin}: version '${printable(version)}' is not a LuaRocks version, ignored` });
    }
    if (versions.length > 0) modules.push({ name: detached(moduleName), versions: newestFirst(versions) });
  }
  return { modules: modules.sort((a, b) => compareModuleNames(a.name, b.name)), rejected };
}

/**
 * A copy of a rock name that does not keep the manifest alive: V8 cuts a name of 13 characters or more out of the
 * text as a slice that holds on to all of it (1.8 MB for 2 000 rocks, to the end of a sync). Rock names are ASCII.
 */
function detached(name: ModuleName): ModuleName {
  return Buffer.from(name, "latin1").toString("latin1") as ModuleName;
}

export async function parseRepositoryManifest(text: string, origin: string): Promise<RockModule[]> {
  return (await readRepositoryManifest(text, origin)).modules;
}

/** `{ ["a"] = x, b = y }` → [["a", x], ["b", y]]. */
export function tableEntries(table: LuaTable | undefined): [string, LuaValue][] {
  const out: [string, LuaValue][] = [];
  for (const field of table?.fields ?? []) {
    if (field.type === "TableKeyString") out.push([field.key.name, field.value]);
    else if (field.type === "TableKey" && field.key.type === "StringLiteral") out.push([decodeLuaString(field.key.raw), field.value]);
  }
  return out;
}
