import luaparse from "luaparse";
import type { Expression, Statement, TableConstructorExpression } from "luaparse";
import { failure } from "../../core/errors.js";
import { decodeLuaString } from "../../core/lua-string.js";
import { newestFirst } from "../../core/rock-version.js";
import { tryModuleName } from "../../core/names.js";
import type { RockModule } from "../../core/types.js";

/**
 * Reads a LuaRocks manifest (a Lua file assigning `repository = { ... }`) by parsing, never evaluating, it.
 * Answers each package's versions, newest first; packages whose names are not module names are left out.
 */
export function parseRepositoryManifest(text: string, origin: string): RockModule[] {
  const repository = topLevelTable(text, origin, "repository");
  const out: RockModule[] = [];
  for (const [name, value] of tableEntries(repository)) {
    const moduleName = tryModuleName(name);
    if (!moduleName || moduleName !== name || value.type !== "TableConstructorExpression") continue;
    const versions = tableEntries(value).map(([version]) => version);
    if (versions.length > 0) out.push({ name: moduleName, versions: newestFirst(versions) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
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
