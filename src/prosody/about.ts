import { promises as fs } from "node:fs";
import { run } from "../system/exec.js";

export interface ProsodyAbout {
  version: string | undefined;
  dataDirectory: string | undefined;
  pluginDirectories: string[];
  luaVersion: string | undefined;
}

/** Reads `prosodyctl about`: the installed Prosody's version, directories and Lua. */
export function parseAbout(text: string): ProsodyAbout {
  const version = /^Prosody\s+(\S+)/m.exec(text)?.[1];
  const dataDirectory = /^Data directory:\s*(\S.*?)\s*$/m.exec(text)?.[1];
  const luaVersion = /^Lua version:\s*Lua\s+(\d+\.\d+)/m.exec(text)?.[1];
  const pluginDirectories: string[] = [];
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^Plugin directories:/.test(line));
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      const match = /^\s+(\/\S+?)\/?(\s+-.*)?$/.exec(line);
      if (!match?.[1]) break;
      pluginDirectories.push(match[1]);
    }
  }
  return { version, dataDirectory, pluginDirectories, luaVersion };
}

/** Runs `prosodyctl about`; undefined when Prosody is not installed (the tool still works without it). */
let cached: Promise<ProsodyAbout | undefined> | undefined;

/** Runs `prosodyctl about` once a process; undefined when Prosody is not installed (the tool still works without it). */
export function readAbout(env: NodeJS.ProcessEnv): Promise<ProsodyAbout | undefined> {
  cached ??= runAbout(env);
  return cached;
}

async function runAbout(env: NodeJS.ProcessEnv): Promise<ProsodyAbout | undefined> {
  try {
    const result = await run("prosodyctl", ["about"], { env, timeoutMs: 30_000 });
    return result.code === 0 || result.stdout.includes("Prosody") ? parseAbout(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}

/** Module names built into Prosody: `mod_x.lua` files and `x/mod_x.lua` directories of its module directory. */
export async function listBuiltinModules(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return names;
  }
  for (const entry of entries) {
    if (entry.isFile() && /^mod_[a-z0-9_]+\.lua$/.test(entry.name)) names.add(entry.name.slice(0, -".lua".length));
    if (entry.isDirectory() && /^[a-z0-9_]+$/.test(entry.name)) {
      try {
        await fs.access(`${dir}/${entry.name}/mod_${entry.name}.lua`);
        names.add(`mod_${entry.name}`);
      } catch {
        // a library directory, not a module
      }
    }
  }
  return names;
}
