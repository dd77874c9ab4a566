import path from "node:path";
import { listBuiltinModules, readAbout } from "../prosody/about.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { findOption, listValues, stringValue } from "../prosody/config/model.js";
import { exists } from "../system/fs-atomic.js";
import type { ConfigValues } from "./settings.js";

export interface InstallationFacts {
  prosodyVersion: string | undefined;
  /** `5.4` for Prosody 0.12 on Debian: LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string;
  builtinDir: string | undefined;
  builtinModules: Set<string>;
}

const DEBIAN_BUILTIN_DIR = "/usr/lib/prosody/modules";
const DEBIAN_DATA_DIR = "/var/lib/prosody";

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

/**
 * plugin_server, installer_plugin_path and plugin_paths from the Prosody config. Relative paths are resolved as
 * Prosody 0.12 does (util/startup.lua): against the compiled-in data directory, not data_path. A missing default
 * config is no error (the tool works without Prosody); a missing --config file or a malformed one is.
 */
export async function loadConfigValues(configPath: string, explicit: boolean, env: NodeJS.ProcessEnv = process.env): Promise<ConfigValues | undefined> {
  if (!explicit && !(await exists(configPath))) return undefined;
  const config = await loadProsodyConfig(configPath);
  const dataDir = (await readAbout(env))?.dataDirectory ?? DEBIAN_DATA_DIR;
  const resolve = (value: string): string => path.resolve(dataDir, value);
  const installer = stringValue(findOption(config, "installer_plugin_path")?.assignment.value);
  return {
    pluginServer: stringValue(findOption(config, "plugin_server")?.assignment.value),
    installerPluginPath: installer === undefined ? undefined : resolve(installer),
    pluginPaths: listValues(findOption(config, "plugin_paths")?.assignment.value).map(resolve),
  };
}
