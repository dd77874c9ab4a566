// The values prosody-manager takes from the Prosody config; the config reader and Lua parser load only with it.
import { loadProsodyConfig } from "../prosody/config/load.js";
import { findOption, stringValue } from "../prosody/config/model.js";
import { resolveModulePaths } from "../prosody/config/paths.js";
import { readCompiledPaths } from "../prosody/compiled-paths.js";
import { exists } from "../system/fs-atomic.js";
import type { ConfigValues } from "./settings.js";

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
