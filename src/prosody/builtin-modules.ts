import type { ModuleName } from "../core/types.js";
import { modulesInDir } from "./module-dirs.js";

/**
 * Prosody's own modules: the modules of its module directory, each with the file the loader opens. The built-in
 * directory is no LuaRocks tree, so the Lua version (which only names `share/lua/<lua>`) does not matter here.
 */
export function listBuiltinModules(dir: string): Map<ModuleName, string> {
  return modulesInDir(dir, BUILTIN_LUA);
}

/** Any Lua version will do for the built-in directory: it has no share/lua/<lua>. */
export const BUILTIN_LUA = "5.4";
