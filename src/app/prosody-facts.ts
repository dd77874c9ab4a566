// The values prosody-manager takes from the Prosody config; the config reader and Lua parser load only with it, and
// only when the digest memo does not already know what the config says.
import path from "node:path";
import { isRecord, parseJson } from "../core/json-shape.js";
import { configInputs } from "../prosody/config/include.js";
import { type ConfigValue, findOption, listValues, type LoadedProsodyConfig, stringValue } from "../prosody/config/model.js";
import { type ModulePaths, resolveModulePaths } from "../prosody/config/paths.js";
import { type CompiledPaths, readCompiledPaths } from "../prosody/compiled-paths.js";
import type { DigestMemo } from "../system/digest-memo.js";
import { exists } from "../system/fs-atomic.js";
import type { ConfigValues } from "./settings.js";

/**
 * plugin_server, installer_plugin_path and plugin_paths from the Prosody config, with prosody_user, prosody_group and
 * run_as_root (whom prosodyctl switches to); paths resolved as Prosody 0.12 does
 * (see resolveModulePaths). A missing default config is no error (the tool works without Prosody); a missing
 * --config file or a malformed one is.
 */
export async function loadConfigValues(configPath: string, explicit: boolean, env: NodeJS.ProcessEnv = process.env, memo?: DigestMemo): Promise<ConfigValues | undefined> {
  if (!explicit && !(await exists(configPath))) return undefined;
  const compiled = await readCompiledPaths(env);
  if (!memo) return valuesOf(await parseConfig(configPath), compiled);
  // Parsing a config costs a read command 15-25 ms (the Lua parser loaded, a 10 KB file and its Includes parsed cold):
  // what it says is remembered with how its files looked. The compiled-in paths resolve the relative ones.
  // v3: with the pidfile (v2: prosody_user, prosody_group and run_as_root); an entry without them is never taken for one
  // that says none.
  const key = `config-v3:${path.resolve(configPath)}\u0000${JSON.stringify(compiled)}`;
  const text = await memo.remembered(key, async () => {
    const config = await parseConfig(configPath);
    return { value: JSON.stringify(valuesOf(config, compiled)), inputs: configInputs(config) };
  });
  return parseValues(text) ?? valuesOf(await parseConfig(configPath), compiled);
}

async function parseConfig(configPath: string): Promise<LoadedProsodyConfig> {
  return (await import("../prosody/config/load.js")).loadProsodyConfig(configPath);
}

function valuesOf(config: LoadedProsodyConfig, compiled: CompiledPaths): ConfigValues {
  const paths = resolveModulePaths(config, compiled);
  return {
    pluginServer: stringValue(findOption(config, "plugin_server")?.assignment.value),
    // Only a value the config states: Prosody's own default is the settings' default, and `config setup` writes it.
    installerPluginPath: findOption(config, "installer_plugin_path") ? paths.installerPluginPath : undefined,
    pluginPaths: paths.pluginPaths,
    pidfile: pidfileOf(config, paths),
    prosodyUser: stringValue(findOption(config, "prosody_user")?.assignment.value),
    prosodyGroup: stringValue(findOption(config, "prosody_group")?.assignment.value),
    runAsRoot: isTrue(findOption(config, "run_as_root")?.assignment.value) || undefined,
  };
}

/**
 * The pidfile as mod_posix opens it: relative to the data directory (module:get_option_path(..., "data")). None when
 * mod_posix is disabled, since nothing writes it then, or when a relative one has no known data directory.
 */
function pidfileOf(config: LoadedProsodyConfig, paths: ModulePaths): string | undefined {
  const pidfile = stringValue(findOption(config, "pidfile")?.assignment.value);
  if (pidfile === undefined || listValues(findOption(config, "modules_disabled")?.assignment.value).includes("posix")) return undefined;
  if (path.isAbsolute(pidfile)) return path.normalize(pidfile);
  return paths.dataDirectory === undefined ? undefined : path.resolve(paths.dataDirectory, pidfile);
}

function isTrue(value: ConfigValue | undefined): boolean {
  return value?.kind === "boolean" && value.value;
}

/** The values as the memo keeps them (JSON leaves out what is undefined); undefined for anything else. */
function parseValues(text: string): ConfigValues | undefined {
  const value = parseJson(text);
  if (!isRecord(value) || !Array.isArray(value.pluginPaths) || !value.pluginPaths.every((entry) => typeof entry === "string")) return undefined;
  const optional = (field: unknown): string | undefined | false => (field === undefined ? undefined : typeof field === "string" ? field : false);
  const pluginServer = optional(value.pluginServer);
  const installerPluginPath = optional(value.installerPluginPath);
  const pidfile = optional(value.pidfile);
  const prosodyUser = optional(value.prosodyUser);
  const prosodyGroup = optional(value.prosodyGroup);
  if (pluginServer === false || installerPluginPath === false || pidfile === false || prosodyUser === false || prosodyGroup === false) return undefined;
  if (value.runAsRoot !== undefined && value.runAsRoot !== true) return undefined;
  return { pluginServer, installerPluginPath, pluginPaths: value.pluginPaths as string[], pidfile, prosodyUser, prosodyGroup, runAsRoot: value.runAsRoot };
}
