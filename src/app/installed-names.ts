import { promises as fs } from "node:fs";
import path from "node:path";
import type { ModuleName, Source } from "../core/types.js";
import { parseRepositoryManifest } from "../sources/rocks/manifest.js";
import type { Session } from "./session.js";
import { readState } from "./state-store.js";

/**
 * Which modules are installed, from which source: the community state file and the rocks tree's own manifest. Read
 * from files only (no LuaRocks run), so search filters and shell completion stay fast; unreadable files count as
 * nothing installed.
 */
export async function installedNames(session: Session): Promise<Map<ModuleName, Source[]>> {
  const out = new Map<ModuleName, Source[]>();
  const add = (name: ModuleName, source: Source): void => {
    out.set(name, [...(out.get(name) ?? []), source]);
  };
  const [community, rocks] = await Promise.all([communityNames(session), rockNames(session)]);
  for (const name of community) add(name, "community");
  for (const name of rocks) add(name, "rocks");
  return out;
}

async function communityNames(session: Session): Promise<ModuleName[]> {
  try {
    const state = await readState((await session.settings.communityDir()).value);
    return state.modules.map((module) => module.name);
  } catch {
    return [];
  }
}

async function rockNames(session: Session): Promise<ModuleName[]> {
  try {
    const [tree, lua] = await Promise.all([session.settings.installerPath(), session.luaVersion()]);
    const manifest = path.join(tree.value, "lib", "luarocks", `rocks-${lua}`, "manifest");
    return parseRepositoryManifest(await fs.readFile(manifest, "utf8"), manifest).map((rock) => rock.name);
  } catch {
    return [];
  }
}
