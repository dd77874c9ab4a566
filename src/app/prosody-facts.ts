import { listBuiltinModules, readAbout } from "../prosody/about.js";
import type { ConfigValues } from "./settings.js";

export interface InstallationFacts {
  prosodyVersion: string | undefined;
  /** `5.4` for Prosody 0.12 on Debian: LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string;
  builtinDir: string | undefined;
  builtinModules: Set<string>;
}

const DEBIAN_BUILTIN_DIR = "/usr/lib/prosody/modules";

/** The installed Prosody as `prosodyctl about` describes it; its last plugin directory is the built-in one. */
export async function loadInstallationFacts(env: NodeJS.ProcessEnv): Promise<InstallationFacts> {
  const about = await readAbout(env);
  const builtinDir = about?.pluginDirectories[about.pluginDirectories.length - 1] ?? (about ? DEBIAN_BUILTIN_DIR : undefined);
  return {
    prosodyVersion: about?.version,
    luaVersion: about?.luaVersion ?? "5.4",
    builtinDir,
    builtinModules: builtinDir ? await listBuiltinModules(builtinDir) : new Set(),
  };
}

// TEMPORARY until the config reader lands: no values from the Prosody config yet.
export async function loadConfigValues(_path: string, _explicit: boolean): Promise<ConfigValues | undefined> {
  return undefined;
}
