// What the installed Prosody is: its version, its Lua and its built-in modules, from files (prosodyctl only when the
// files cannot say). Apart from the config reader (prosody-facts.ts), which every read command would otherwise load.
import { parseJson } from "../core/json-shape.js";
import type { ModuleName } from "../core/types.js";
import path from "node:path";
import { listBuiltinModules, readAbout } from "../prosody/about.js";
import { BUILTIN_LUA } from "../prosody/builtin-modules.js";
import { modulesInDirWithInputs } from "../prosody/module-dirs.js";
import type { DigestMemo } from "../system/digest-memo.js";
import { readCompiledPaths, readLauncherLuaVersion } from "../prosody/compiled-paths.js";
import { PROSODYCTL_ENV } from "../prosody/prosodyctl.js";
import { readProsodyVersion } from "../prosody/version-file.js";

export interface InstallationFacts {
  prosodyVersion: string | undefined;
  /** `5.4` for Prosody 0.12 on Debian: LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string;
}

export interface Builtins {
  dir: string | undefined;
  /** Each built-in module with the file Prosody loads it from. */
  modules: ReadonlyMap<ModuleName, string>;
}

/**
 * Prosody's built-in modules: the modules of its module directory, the CFG_PLUGINDIR compiled into the launcher
 * (Debian's when there is no launcher), read from files so that read commands and completion start no process; only
 * when that directory holds nothing is `prosodyctl about` asked which directory it searches last. That holds even
 * when `prosodyctl about` fails because the config `require`s a missing library or Includes a missing file.
 */
export async function loadBuiltins(env: NodeJS.ProcessEnv, memo?: DigestMemo): Promise<Builtins> {
  const compiled = (await readCompiledPaths(env)).pluginDir;
  const modules = memo ? await rememberedBuiltins(compiled, memo) : listBuiltinModules(compiled);
  if (modules.size > 0) return { dir: compiled, modules };
  const about = await readAbout(env);
  const last = about?.pluginDirectories[about.pluginDirectories.length - 1];
  const fallback = last === undefined ? new Map<ModuleName, string>() : listBuiltinModules(last);
  return fallback.size > 0 ? { dir: last, modules: fallback } : { dir: undefined, modules: fallback };
}

/**
 * The built-in modules as a read command last found them, while the directories they were found in look the same:
 * Prosody's directory of ninety modules changes with a package upgrade, and listing it and locating each module cost
 * every read command half a millisecond and a sixth of what it allocated.
 */
async function rememberedBuiltins(dir: string, memo: DigestMemo): Promise<Map<ModuleName, string>> {
  const text = await memo.remembered(`builtins:${path.resolve(dir)}`, async () => {
    const { modules, inputs } = modulesInDirWithInputs(dir, BUILTIN_LUA);
    return { value: JSON.stringify([...modules]), inputs };
  });
  return moduleList(text) ?? listBuiltinModules(dir);
}

/** The memo's text as a module list; undefined for anything else. */
function moduleList(text: string): Map<ModuleName, string> | undefined {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return undefined;
  const out = new Map<ModuleName, string>();
  for (const pair of parsed as unknown[]) {
    if (!Array.isArray(pair) || typeof pair[0] !== "string" || typeof pair[1] !== "string") return undefined;
    out.set(pair[0] as ModuleName, pair[1]);
  }
  return out;
}

/**
 * The installed Prosody's version and Lua (its modules: loadBuiltins). A release keeps its version in
 * `<CFG_SOURCEDIR>/prosody.version`, the file Prosody itself reads, and the launcher names its Lua: read from files,
 * a change starts no Lua process for them. `prosodyctl about` answers otherwise: a source checkout or nightly build,
 * or a prosodyctl run elsewhere (--prosodyctl: a container, another user), whose files are not these.
 */
export async function loadInstallationFacts(env: NodeJS.ProcessEnv): Promise<InstallationFacts> {
  const fromFiles = await factsFromFiles(env);
  if (fromFiles) return fromFiles;
  const [about, launcherLua] = await Promise.all([readAbout(env), readLauncherLuaVersion(env)]);
  return { prosodyVersion: about?.version, luaVersion: about?.luaVersion ?? launcherLua ?? "5.4" };
}

async function factsFromFiles(env: NodeJS.ProcessEnv): Promise<InstallationFacts | undefined> {
  if (env[PROSODYCTL_ENV]) return undefined;
  const found = await readProsodyVersion(env);
  return found?.lua && /^\d+\.\d+(\.\d+)?$/.test(found.version) ? { prosodyVersion: found.version, luaVersion: found.lua } : undefined;
}
