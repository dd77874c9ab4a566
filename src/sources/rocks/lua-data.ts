// Reading Lua data files: the small scanner of core/lua-data.ts, and the full Lua parser (loaded only then) for a
// file it declines.
import { failure } from "../../core/errors.js";
import { type LuaAssignments, type LuaTable, readDataAssignments } from "../../core/lua-data.js";

export type { LuaField, LuaTable, LuaValue } from "../../core/lua-data.js";

/**
 * Reads a data file; the full Lua parser answers for a file outside the data grammar. `keptDepth` is a hint that
 * tables nested deeper will not be read (see readDataAssignments); the full parser answers them all the same.
 */
export async function readLuaAssignments(text: string, origin: string, keptDepth?: number): Promise<LuaAssignments> {
  const fast = readDataAssignments(text, keptDepth);
  if (fast) return fast;
  const { readLuaAssignmentsFully } = await import("./lua-data-full.js");
  try {
    return readLuaAssignmentsFully(text);
  } catch (error) {
    throw failure(`the manifest from ${origin} is not a LuaRocks manifest (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The table a file assigns to `name`, if any. */
export async function topLevelTable(text: string, origin: string, name: string, keptDepth?: number): Promise<LuaTable | undefined> {
  const value = (await readLuaAssignments(text, origin, keptDepth)).get(name);
  return value?.type === "TableConstructorExpression" ? value : undefined;
}

