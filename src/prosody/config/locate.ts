import path from "node:path";
import { exists } from "../../system/fs-atomic.js";

/** Debian's compiled-in CFG_CONFIGDIR; `compiledPaths()` reads the installed one. */
export const DEFAULT_CONFIG_DIR = "/etc/prosody";

export interface ConfigLocation {
  /** Absolute path of the config file to read. */
  path: string;
  origin: "flag" | "env" | "default";
  /** Where prosodyctl looks next when `path` does not exist: a relative --config is also tried in the config dir. */
  fallbacks: string[];
}

/**
 * Where the Prosody config is, decided the way Prosody's startup.read_config decides: `--config` (relative to the
 * working directory, then to the config directory), else `PROSODY_CONFIG`, else `<config dir>/prosody.cfg.lua`.
 * Pure: nothing is read from disk.
 */
export function resolveConfigPath(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  options: { cwd?: string; configDir?: string } = {},
): ConfigLocation {
  const cwd = options.cwd ?? process.cwd();
  const configDir = options.configDir ?? DEFAULT_CONFIG_DIR;
  if (flag !== undefined && flag !== "") {
    return { path: path.resolve(cwd, flag), origin: "flag", fallbacks: path.isAbsolute(flag) ? [] : [path.join(configDir, flag)] };
  }
  const fromEnv = env.PROSODY_CONFIG;
  if (fromEnv !== undefined && fromEnv !== "") return { path: path.resolve(cwd, fromEnv), origin: "env", fallbacks: [] };
  return { path: path.join(configDir, "prosody.cfg.lua"), origin: "default", fallbacks: [] };
}

/** The location with its fallback applied: the first candidate that exists, else the first one (to report as missing). */
export async function locateConfigFile(location: ConfigLocation): Promise<ConfigLocation> {
  for (const candidate of [location.path, ...location.fallbacks]) {
    if (await exists(candidate)) return { ...location, path: candidate, fallbacks: [] };
  }
  return location;
}
