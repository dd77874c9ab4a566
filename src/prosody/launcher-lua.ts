import { closeSync, openSync, readSync } from "node:fs";
import { findProsodyctl } from "./prosodyctl.js";

// Apart from compiled-paths.ts so that rocks read commands learn the Lua version without reading the CFG_* lines.

/** `#!/usr/bin/env lua5.4` → "5.4": the Lua Prosody runs on, read without starting it. */
export function launcherLuaVersion(script: string): string | undefined {
  return /^#![^\n]*\blua-?(\d\.\d)\b/.exec(script)?.[1];
}

/** The Lua version from the prosodyctl launcher; undefined when there is none or it does not say. */
export async function readLauncherLuaVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const launcher = await findProsodyctl(env);
  if (!launcher) return undefined;
  return launcherLuaVersion(await firstLine(launcher).catch(() => ""));
}

/** Only the shebang line is asked for: not the thousand lines after it. */
async function firstLine(file: string): Promise<string> {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(512);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString("utf8", 0, bytesRead).split("\n", 1)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}
