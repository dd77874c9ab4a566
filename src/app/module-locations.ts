import path from "node:path";
import type { ModuleName } from "../core/types.js";
import { exists } from "../system/fs-atomic.js";

export interface ModuleLocation {
  dir: string;
  kind: "installer" | "plugin_paths" | "builtin";
  file: string;
}

/**
 * Every place Prosody would find a module, in the order it looks: the installer tree, each plugin_paths entry,
 * then the built-in directory; the first hit is the one that loads. Candidate files follow Prosody's loader.
 */
export async function locateModule(name: ModuleName, dirs: readonly { dir: string; kind: ModuleLocation["kind"] }[], luaVersion: string): Promise<ModuleLocation[]> {
  const short = name.slice("mod_".length);
  const candidates = [`${name}/${short}/${name}.lua`, `${name}/${name}.lua`, `${short}/${name}.lua`, `${name}.lua`, `share/lua/${luaVersion}/${name}.lua`, `share/lua/${luaVersion}/${name}/${name}.lua`];
  const found: ModuleLocation[] = [];
  for (const { dir, kind } of dirs) {
    for (const candidate of candidates) {
      const file = path.join(dir, candidate);
      if (await exists(file)) {
        found.push({ dir, kind, file });
        break;
      }
    }
  }
  return found;
}
