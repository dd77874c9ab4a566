import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Module names (`mod_x`) in a module directory, found the way Prosody's pluginloader looks: `mod_x.lua`,
 * `mod_x/mod_x.lua` (mod_mam, mod_pubsub), `x/mod_x.lua` (muc, adhoc) and `mod_x/x/mod_x.lua`. Library
 * directories without a module file are not modules. Empty when the directory cannot be read.
 */
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
    if (!entry.isDirectory()) continue;
    const short = entry.name.replace(/^mod_/, "");
    if (!/^[a-z0-9_]+$/.test(short)) continue;
    const module = `mod_${short}`;
    const candidates = entry.name.startsWith("mod_")
      ? [path.join(dir, entry.name, `${module}.lua`), path.join(dir, entry.name, short, `${module}.lua`)]
      : [path.join(dir, entry.name, `${module}.lua`)];
    for (const candidate of candidates) {
      if (await isFile(candidate)) {
        names.add(module);
        break;
      }
    }
  }
  return names;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
