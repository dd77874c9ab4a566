import { readFileSync } from "node:fs";
import { decodeLuaString } from "../core/lua-string.js";
import { readDataAssignments } from "../core/lua-data.js";
import { prosodyctlOnPath } from "./prosodyctl.js";

/**
 * The directories Prosody was built with: the `CFG_*` lines its configure script writes at the top of the prosodyctl
 * launcher. They matter because Prosody resolves a relative installer_plugin_path against CFG_DATADIR, not against
 * data_path, and `prosodyctl about` shows data_path instead when the config sets one.
 */
export interface CompiledPaths {
  sourceDir: string;
  configDir: string;
  pluginDir: string;
  dataDir: string;
}

/** Debian's and Ubuntu's prosody package. */
export const DEBIAN_COMPILED_PATHS: CompiledPaths = {
  sourceDir: "/usr/lib/prosody",
  configDir: "/etc/prosody",
  pluginDir: "/usr/lib/prosody/modules",
  dataDir: "/var/lib/prosody",
};

const NAMES: Record<string, keyof CompiledPaths> = { CFG_SOURCEDIR: "sourceDir", CFG_CONFIGDIR: "configDir", CFG_PLUGINDIR: "pluginDir", CFG_DATADIR: "dataDir" };

/** Reads the CFG_* string assignments of a launcher script (parsed, not run); missing ones fall back to Debian's. */
export function parseLauncher(script: string, home?: string): CompiledPaths {
  const found: Partial<CompiledPaths> = {};
  // Only the CFG_* lines, each on its own: configure writes them one a line at the top, and parsing the whole launcher
  // (a thousand lines) would cost every command that needs a path; they are found by one multiline pattern, a fifth of
  // the cost of splitting the text into lines first. A line that is not plain data is skipped: a path computed at run
  // time (os.getenv …) is not one a file can tell.
  for (const line of script.match(/^[ \t\r]*CFG_[A-Z]+[ \t]*=[^\n]*/gm) ?? []) {
    for (const [name, value] of readDataAssignments(line) ?? []) {
      const key = NAMES[name];
      if (key && value.type === "StringLiteral") found[key] = decodeLuaString(value.raw);
    }
  }
  const paths = { ...DEBIAN_COMPILED_PATHS, ...found };
  // The launcher expands a leading ~ in CFG_DATADIR from $HOME, as here.
  if (home) paths.dataDir = paths.dataDir.replace(/^~/, home);
  paths.pluginDir = paths.pluginDir.length > 1 ? paths.pluginDir.replace(/\/+$/, "") : paths.pluginDir;
  return paths;
}

const cached = new Map<string, CompiledPaths>();

/**
 * The installed Prosody's compiled-in directories, read once per PATH and HOME in a process; Debian's when prosodyctl
 * is not found or cannot be read. Synchronous: the config's own path (CFG_CONFIGDIR) is wanted before anything else.
 */
export function compiledPaths(env: NodeJS.ProcessEnv = process.env): CompiledPaths {
  const key = `${env.PATH ?? ""}\0${env.HOME ?? ""}`;
  let paths = cached.get(key);
  if (!paths) {
    paths = readLauncherPaths(env);
    cached.set(key, paths);
  }
  return paths;
}

export async function readCompiledPaths(env: NodeJS.ProcessEnv = process.env): Promise<CompiledPaths> {
  return compiledPaths(env);
}

function readLauncherPaths(env: NodeJS.ProcessEnv): CompiledPaths {
  const launcher = prosodyctlOnPath(env);
  if (!launcher) return { ...DEBIAN_COMPILED_PATHS };
  try {
    return parseLauncher(readFileSync(launcher, "utf8"), env.HOME);
  } catch {
    return { ...DEBIAN_COMPILED_PATHS };
  }
}

export { launcherLuaVersion, readLauncherLuaVersion } from "./launcher-lua.js";
