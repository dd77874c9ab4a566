import { readHeadIfThere } from "../system/fs-atomic.js";
import { prosodyctlOnPath } from "./prosodyctl.js";

// Apart from compiled-paths.ts so that rocks read commands learn the Lua version without reading the CFG_* lines.

/** `#!/usr/bin/env lua5.4` → "5.4": the Lua Prosody runs on, read without starting it. */
export function launcherLuaVersion(script: string): string | undefined {
  return /^#![^\n]*\blua-?(\d\.\d)\b/.exec(script)?.[1];
}

/** The Lua version from the prosodyctl launcher; undefined when there is none or it does not say. */
export async function readLauncherLuaVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const launcher = prosodyctlOnPath(env);
  if (!launcher) return undefined;
  return launcherLuaVersion(firstLine(launcher));
}

/** Only the shebang line is asked for: not the thousand lines after it. */
function firstLine(file: string): string {
  return readHeadIfThere(file, 512)?.toString("utf8").split("\n", 1)[0] ?? "";
}
