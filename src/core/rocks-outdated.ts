import { compareModuleNames } from "./names.js";
import { compareRockVersions } from "./rock-version.js";
import type { RockModule } from "./types.js";

export interface OutdatedRock {
  name: string;
  installed: string;
  latest: string;
}

/** Installed rocks whose newest server version is newer than every installed version of them. */
export function outdatedRocks(installed: readonly { name: string; version: string }[], available: readonly RockModule[]): OutdatedRock[] {
  const newest = new Map(available.map((rock) => [rock.name as string, rock.versions[0]]));
  const highest = new Map<string, string>();
  for (const rock of installed) {
    const current = highest.get(rock.name);
    if (!current || compareRockVersions(rock.version, current) > 0) highest.set(rock.name, rock.version);
  }
  const out: OutdatedRock[] = [];
  for (const [name, version] of highest) {
    const latest = newest.get(name);
    if (latest && compareRockVersions(latest, version) > 0) out.push({ name, installed: version, latest });
  }
  return out.sort((a, b) => compareModuleNames(a.name, b.name));
}
