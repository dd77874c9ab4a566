import { failure } from "../../core/errors.js";
import type { ModuleName } from "../../core/types.js";
import { limits } from "../../system/limits.js";
import { extractFromZip } from "../../system/unzip.js";
import { fetchOne, NotOnServer } from "./fetch-manifest.js";
import { isRockFileName } from "./server-dir.js";
import { rockspecDependencyTexts } from "./server-index.js";

/**
 * The dependencies of one rock version as its rockspec on the server states them, the same rockspec LuaRocks reads:
 * `NAME-VERSION.rockspec`, else the one inside `NAME-VERSION.src.rock` (a zip). Undefined when the server has
 * neither; a server that cannot be reached is an error, as it would be for LuaRocks.
 */
export async function serverRockDependencies(server: string, name: ModuleName, version: string): Promise<string[] | undefined> {
  const base = `${name}-${version}`;
  const text = await fetchIfThere(server, `${base}.rockspec`);
  const rock = text === undefined ? await fetchIfThere(server, `${base}.src.rock`) : undefined;
  // A rockspec that does not parse is LuaRocks' to refuse, in its own words, when it runs: here it is unread.
  try {
    if (text !== undefined) return await rockspecDependencyTexts(text.toString("utf8"), `${server} ${base}.rockspec`);
    if (rock !== undefined) return await rockspecDependencyTexts(extractFromZip(rock, `${base}.rockspec`, limits().maxInflatedBytes).toString("utf8"), `${server} ${base}.src.rock`);
  } catch {
    return undefined;
  }
  return undefined;
}

async function fetchIfThere(server: string, file: string): Promise<Buffer | undefined> {
  if (!isRockFileName(file)) return undefined;
  try {
    return await fetchOne(server, file);
  } catch (error) {
    if (error instanceof NotOnServer) return undefined;
    throw failure(`could not fetch ${file} from ${server}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
