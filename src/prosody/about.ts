import { PROSODYCTL_ENV, runProsodyctl } from "./prosodyctl.js";

export { listBuiltinModules } from "./builtin-modules.js";

export interface ProsodyAbout {
  version: string | undefined;
  /** `data_path` of the config prosodyctl read, else the compiled-in data directory. */
  dataDirectory: string | undefined;
  configDirectory: string | undefined;
  sourceDirectory: string | undefined;
  /**
   * Where modules are looked for, in order: the installer tree, plugin_paths, the built-in directory (last). As
   * printed: a relative plugin_paths entry shows relative to the data directory, Prosody's working directory.
   */
  pluginDirectories: string[];
  /** "5.4": LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string | undefined;
}

/** Reads `prosodyctl about`. Pure. */
export function parseAbout(text: string): ProsodyAbout {
  const field = (label: string): string | undefined => new RegExp(`^${label}:[ \\t]*(\\S.*?)\\s*$`, "m").exec(text)?.[1];
  return {
    version: /^Prosody[ \t]+(\S+)[ \t]*$/m.exec(text)?.[1],
    dataDirectory: field("Data directory"),
    configDirectory: field("Config directory"),
    sourceDirectory: field("Source directory"),
    pluginDirectories: pluginDirectories(text),
    luaVersion: /^Lua version:\s*Lua\s+(\d+\.\d+)/m.exec(text)?.[1],
  };
}

/**
 * The indented lines under "Plugin directories:", up to the first blank one. prosodyctl appends " - not a
 * directory!", " - prosody-modules rev: <id>" (a Mercurial checkout) or " - <error>!" to an entry; those go.
 */
function pluginDirectories(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^Plugin directories:/.test(line));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" || !/^\s/.test(line)) break;
    const entry = line.trim().replace(/ - (?:.*!|\S+ rev: \S+)$/, "");
    out.push(entry.length > 1 ? entry.replace(/\/+$/, "") : entry);
  }
  return out;
}

const cache = new Map<string, Promise<ProsodyAbout | undefined>>();

/**
 * `prosodyctl about` for a config (default: the one prosodyctl finds itself), run once per process and config.
 * Undefined when Prosody is not installed or cannot read the config: the tool works without it.
 */
export function readAbout(env: NodeJS.ProcessEnv = process.env, configPath?: string): Promise<ProsodyAbout | undefined> {
  const key = [configPath ?? "", env.PROSODY_CONFIG ?? "", env.PATH ?? "", env[PROSODYCTL_ENV] ?? ""].join("\u0000");
  let found = cache.get(key);
  if (!found) {
    found = runAbout(env, configPath);
    cache.set(key, found);
  }
  return found;
}

async function runAbout(env: NodeJS.ProcessEnv, configPath: string | undefined): Promise<ProsodyAbout | undefined> {
  try {
    const result = await runProsodyctl(["about"], { configPath, env, timeoutMs: 30_000 });
    // Exit 1 when prosodyctl cannot read the config (or, as root, the prosody user cannot).
    return result.code === 0 ? parseAbout(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}
