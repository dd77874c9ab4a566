import path from "node:path";
import { readTextIfThere } from "../system/fs-atomic.js";
import { readCompiledPaths, readLauncherLuaVersion } from "./compiled-paths.js";
import { prosodyctlOnPath } from "./prosodyctl.js";

export interface ProsodyVersion {
  version: string;
  lua: string | undefined;
  prosodyctl: string;
}

/**
 * The installed Prosody's version from `prosody.version` in its source directory, the file Prosody itself reads:
 * no Lua started, unlike `prosodyctl about`. Undefined when no prosodyctl is found.
 */
export async function readProsodyVersion(env: NodeJS.ProcessEnv = process.env): Promise<ProsodyVersion | undefined> {
  const prosodyctl = prosodyctlOnPath(env);
  if (!prosodyctl) return undefined;
  const paths = await readCompiledPaths(env);
  const version = readVersionFile(path.join(paths.sourceDir, "prosody.version"));
  return { version: version || "unknown version", lua: await readLauncherLuaVersion(env), prosodyctl };
}

/** A few bytes read synchronously: every command asks, and a thread-pool round trip costs more than the read. */
function readVersionFile(file: string): string {
  return readTextIfThere(file)?.trim() ?? "";
}
