// TEMPORARY adapter until src/prosody/ (config reader, prosodyctl about) lands; then this file delegates to it.
import { promises as fs } from "node:fs";
import type { ConfigValues } from "./settings.js";

export interface InstallationFacts {
  prosodyVersion: string | undefined;
  /** `5.4` for Prosody 0.12 on Debian: LuaRocks must install for the Lua Prosody runs on. */
  luaVersion: string;
  builtinDir: string | undefined;
  builtinModules: Set<string>;
}

export async function loadInstallationFacts(_env: NodeJS.ProcessEnv): Promise<InstallationFacts> {
  const dir = "/usr/lib/prosody/modules";
  const names = new Set<string>();
  try {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.isFile() && /^mod_[a-z0-9_]+\.lua$/.test(entry.name)) names.add(entry.name.slice(0, -4));
      if (entry.isDirectory()) names.add(`mod_${entry.name}`);
    }
  } catch {
    return { prosodyVersion: undefined, luaVersion: "5.4", builtinDir: undefined, builtinModules: names };
  }
  return { prosodyVersion: undefined, luaVersion: "5.4", builtinDir: dir, builtinModules: names };
}

export async function loadConfigValues(_path: string, _explicit: boolean): Promise<ConfigValues | undefined> {
  return undefined;
}
