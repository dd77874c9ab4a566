import { listBuiltinModules, readAbout } from "../prosody/about.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { findOption, stringValue } from "../prosody/config/model.js";
import { resolveModulePaths } from "../prosody/config/paths.js";
import { readCompiledPaths, readLauncherLuaVersion } from "../prosody/compiled-paths.js";
import { exists } from "../system/fs-atomic.js";
import type { ConfigValues } from "./settings.js";

export interface InstallationFacts {
  prosodyVersion: string | undefined;
  /** `5.4` for Prosody 0.12 on Debian: LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string;
  builtinDir: string | undefined;
  builtinModules: Set<string>;
}

/**
 * The installed Prosody. Its built-in modules are the files of its module directory, the CFG_PLUGINDIR compiled into
 * the launcher (Debian's when there is no launcher): that holds even when `prosodyctl about` fails because the config
 * `require`s a missing library or Includes a missing file. The version and Lua come from `prosodyctl about` when it
 * answers.
 */
export async function loadInstallationFacts(env: NodeJS.ProcessEnv): Promise<InstallationFacts> {
  const [about, compiled, launcherLua] = await Promise.all([readAbout(env), readCompiledPaths(env), readLauncherLuaVersion(env)]);
  const candidates = [compiled.pluginDir, ...(about ? [about.pluginDirectories[about.pluginDirectories.length - 1]] : [])];
  let builtinDir: string | undefined;
  let builtinModules = new Set<string>();
  for (const dir of candidates) {
    if (dir === undefined) continue;
    const modules = await listBuiltinModules(dir);
    if (modules.size === 0) continue;
    builtinDir = dir;
    builtinModules = modules;
    break;
  }
  return { prosodyVersion: about?.version, luaVersion: about?.luaVersion ?? launcherLua ?? "5.4", builtinDir, builtinModules };
}

/**
 * plugin_server, installer_plugin_path and plugin_paths from the Prosody config, paths resolved as Prosody 0.12 does
 * (see resolveModulePaths). A missing default config is no error (the tool works without Prosody); a missing
 * --config file or a malformed one is.
 */
export async function loadConfigValues(configPath: string, explicit: boolean, env: NodeJS.ProcessEnv = process.env): Promise<ConfigValues | undefined> {
  if (!explicit && !(await exists(configPath))) return undefined;
  const config = await loadProsodyConfig(configPath);
  const paths = resolveModulePaths(config, await readCompiledPaths(env));
  return {
    pluginServer: stringValue(findOption(config, "plugin_server")?.assignment.value),
    // Only a value the config states: Prosody's own default is the settings' default, and `config setup` writes it.
    installerPluginPath: findOption(config, "installer_plugin_path") ? paths.installerPluginPath : undefined,
    pluginPaths: paths.pluginPaths,
  };
}
