import { promises as fs } from "node:fs";
import path from "node:path";
import { readCompiledPaths, readLauncherLuaVersion } from "./compiled-paths.js";
import { findProsodyctl } from "./prosodyctl.js";

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
  const prosodyctl = await findProsodyctl(env);
  if (!prosodyctl) return undefined;
  const paths = await readCompiledPaths(env);
  const version = (await fs.readFile(path.join(paths.sourceDir, "prosody.version"), "utf8").catch(() => "")).trim();
  return { version: version || "unknown version", lua: await readLauncherLuaVersion(env), prosodyctl };
}
