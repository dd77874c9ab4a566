import luaparse from "luaparse";
import type { Expression, Statement, TableConstructorExpression } from "luaparse";
import { failure } from "../../core/errors.js";
import { decodeLuaString } from "../../core/lua-string.js";
import { isRockName, isRockVersion, newestFirst } from "../../core/rock-version.js";
import { printable, tryModuleName } from "../../core/names.js";
import type { CatalogueProblem, RockModule } from "../../core/types.js";

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
export function readRepositoryManifest(text: string, origin: string): ParsedManifest {
  const repository = topLevelTable(text, origin, "repository");
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
    if (versions.length > 0) modules.push({ name: moduleName, versions: newestFirst(versions) });
  }
  return { modules: modules.sort((a, b) => a.name.localeCompare(b.name)), rejected };
}

export function parseRepositoryManifest(text: string, origin: string): RockModule[] {
  return readRepositoryManifest(text, origin).modules;
}

export function topLevelTable(text: string, origin: string, name: string): TableConstructorExpression | undefined {
  let chunk;
  try {
    chunk = luaparse.parse(text, { luaVersion: "5.3", comments: false, locations: false, ranges: false });
  } catch (error) {
    throw failure(`the manifest from ${origin} is not a LuaRocks manifest (${error instanceof Error ? error.message : String(error)})`);
  }
  for (const statement of chunk.body as Statement[]) {
    if (statement.type !== "AssignmentStatement") continue;
    const at = statement.variables.findIndex((variable) => variable.type === "Identifier" && variable.name === name);
    const value = at >= 0 ? statement.init[at] : undefined;
    if (value?.type === "TableConstructorExpression") return value;
  }
  return undefined;
}

/** `{ ["a"] = x, b = y }` → [["a", x], ["b", y]]. */
export function tableEntries(table: TableConstructorExpression | undefined): [string, Expression][] {
  const out: [string, Expression][] = [];
  for (const field of table?.fields ?? []) {
    if (field.type === "TableKeyString") out.push([field.key.name, field.value]);
    else if (field.type === "TableKey" && field.key.type === "StringLiteral") out.push([decodeLuaString(field.key.raw), field.value]);
  }
  return out;
}
