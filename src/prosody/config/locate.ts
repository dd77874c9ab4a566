import { existsSync } from "node:fs";
import path from "node:path";
import { compiledPaths } from "../compiled-paths.js";

export interface ConfigLocation {
  /** Absolute path of the config file to read. */
  path: string;
  origin: "flag" | "default";
  /** Where prosodyctl looks next when `path` does not exist: a relative --config is also tried in the config dir. */
  fallbacks: string[];
}

/**
 * Where the Prosody config is, decided the way Prosody's startup.read_config decides for `--config`: a given path
 * relative to the working directory, then (when relative) to the config directory; none given, the config directory's
 * prosody.cfg.lua. prosody-manager's PROSODY_CONFIG is the flag's other spelling, so it follows the same rule.
 * Pure: nothing is read from disk.
 */
export function resolveConfigPath(given: string | undefined, options: { cwd: string; configDir: string }): ConfigLocation {
  if (given !== undefined && given !== "") {
    return { path: path.resolve(options.cwd, given), origin: "flag", fallbacks: path.isAbsolute(given) ? [] : [path.join(options.configDir, given)] };
  }
  return { path: path.join(options.configDir, "prosody.cfg.lua"), origin: "default", fallbacks: [] };
}

/** The location with its fallback applied: the first candidate that exists, else the first one (to report as missing). */
export function locateConfigFile(location: ConfigLocation, exists: (file: string) => boolean = existsSync): ConfigLocation {
  for (const candidate of [location.path, ...location.fallbacks]) {
    if (exists(candidate)) return { ...location, path: candidate, fallbacks: [] };
  }
  return location;
}

/** The installed Prosody's CFG_CONFIGDIR, from the prosodyctl launcher on PATH; Debian's when there is none. */
export function compiledConfigDir(env: NodeJS.ProcessEnv): string {
  return compiledPaths(env).configDir;
}
