import path from "node:path";
import type { CompiledPaths } from "../compiled-paths.js";
import { findOption, type ProsodyConfig } from "./model.js";

/**
 * Where a config makes Prosody 0.12 look for modules, resolved as its startup code does (util/startup.lua,
 * util/pluginloader.lua):
 * - data directory: `data_path`, else the compiled-in CFG_DATADIR; a relative data_path is taken against the
 *   working directory Prosody starts in, and Prosody then chdirs into the data directory;
 * - installer tree: `installer_plugin_path` (default "custom_plugins") against the **compiled-in** data directory,
 *   whatever data_path says;
 * - `plugin_paths` entries are used as written, so a relative one is opened from the working directory, which is by
 *   then the data directory (data_path if set);
 * - search order: installer tree, plugin_paths in order, the built-in directory (CFG_PLUGINDIR).
 * Only global values count: Prosody reads all three with config.get("*", ...).
 */
export interface ModulePaths {
  /** Undefined when data_path is not a literal. */
  dataDirectory: string | undefined;
  installerPluginPath: string | undefined;
  pluginPaths: string[];
  builtinDir: string;
  /** The directories in the order the loader tries them. */
  searchOrder: string[];
  /** Why some of the above could not be known (options that are not literals or not lists). */
  problems: string[];
}

export function resolveModulePaths(config: ProsodyConfig, compiled: CompiledPaths, cwd: string = process.cwd()): ModulePaths {
  const problems: string[] = [];
  const dataPath = findOption(config, "data_path")?.assignment.value;
  let dataDirectory: string | undefined = compiled.dataDir;
  if (dataPath?.kind === "string") dataDirectory = path.resolve(cwd, dataPath.value);
  else if (dataPath) {
    dataDirectory = undefined;
    problems.push("data_path is not a plain string, so relative plugin_paths cannot be resolved");
  }

  const installer = findOption(config, "installer_plugin_path")?.assignment.value;
  let installerPluginPath: string | undefined = path.resolve(compiled.dataDir, "custom_plugins");
  if (installer?.kind === "string") installerPluginPath = path.resolve(compiled.dataDir, installer.value);
  else if (installer) {
    installerPluginPath = undefined;
    problems.push("installer_plugin_path is not a plain string");
  }

  const pluginPaths: string[] = [];
  const listed = findOption(config, "plugin_paths")?.assignment.value;
  if (listed?.kind === "list") {
    for (const item of listed.items) {
      if (path.isAbsolute(item.value)) pluginPaths.push(path.normalize(item.value));
      else if (dataDirectory !== undefined) pluginPaths.push(path.resolve(dataDirectory, item.value));
      else problems.push(`plugin_paths entry "${item.value}" is relative to an unknown data directory`);
    }
    if (listed.other > 0) problems.push("plugin_paths has entries that are not plain strings");
  } else if (listed) {
    problems.push("plugin_paths is not a list of strings (Prosody needs { \"/dir\", ... })");
  }

  const searchOrder = [...(installerPluginPath ? [installerPluginPath] : []), ...pluginPaths, compiled.pluginDir];
  return { dataDirectory, installerPluginPath, pluginPaths, builtinDir: compiled.pluginDir, searchOrder, problems };
}
