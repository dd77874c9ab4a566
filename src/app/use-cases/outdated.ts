import { failure } from "../../core/errors.js";
import { type ActualCommunityModule, type ActualRock, sameRevision } from "../../core/model/actual.js";
import { compareRockVersions } from "../../core/rock-version.js";
import type { ModuleCopies, ModuleCopy } from "../../core/model/copies.js";
import type { ModuleName, Source } from "../../core/types.js";
import { readModuleCopies } from "../module-copies.js";
import type { Session } from "../session.js";
import { readCatalogueLookup } from "../catalogue-store.js";
import { lastSyncedAt } from "../sync-stamp.js";
import { openActual } from "./workspace.js";

export interface OutdatedRow {
  name: ModuleName;
  source: Source;
  installed: string;
  latest: string;
  pinned: boolean;
  /** Every copy of the module, and the one Prosody loads: updating a shadowed copy changes nothing that runs. */
  copies: ModuleCopies | undefined;
  /** The outdated copy itself. */
  copy: ModuleCopy | undefined;
}

/** What 'module update' would bring, both sources, from the synced catalogue and the one actual-state reader. */
export async function outdatedModules(session: Session): Promise<{ rows: OutdatedRow[]; communityRevision: string | undefined; rocksFetchedAt: string | undefined; syncedAt: string; rockVersions: Map<ModuleName, string[]> }> {
  const catalogue = await readCatalogueLookup(session.settings.cacheDir);
  if (!catalogue) throw failure("no catalogue yet", "run 'prosody-manager module sync' first");
  /** The newer revision or version, when there is one. */
  const newerRevision = (module: ActualCommunityModule): string | undefined => {
    const latest = catalogue.entry(module.name)?.community?.revision;
    return module.status !== "unmanaged" && module.revision !== undefined && latest !== undefined && !sameRevision(latest, module.revision) ? latest : undefined;
  };
  const newerVersion = (rock: ActualRock): string | undefined => {
    const latest = catalogue.entry(rock.name)?.rock?.versions[0];
    return latest !== undefined && compareRockVersions(latest, rock.version) > 0 ? latest : undefined;
  };
  // Which modules are outdated needs no hashing; only their copies are shown, with their status: only they are hashed.
  const unchecked = await openActual(session, () => false);
  const shown = new Set<ModuleName>([
    ...[...unchecked.actual.community.values()].filter((module) => newerRevision(module)).map((module) => module.name),
    ...[...unchecked.actual.rocks.values()].filter((rock) => newerVersion(rock)).map((rock) => rock.name),
  ]);
  const workspace = shown.size === 0 ? unchecked : await openActual(session, (name) => shown.has(name));
  const view = await readModuleCopies(session, { actual: workspace.actual, targets: workspace.targets });
  const copiesOf = (name: ModuleName, source: Source): Pick<OutdatedRow, "copies" | "copy"> => {
    const copies = view.modules.get(name);
    const dir = source === "rocks" ? view.tree : view.communityDir;
    return { copies, copy: copies?.copies.find((copy) => copy.source === source && copy.dir === dir) };
  };
  const rows: OutdatedRow[] = [];
  for (const module of workspace.actual.community.values()) {
    const latest = newerRevision(module);
    if (latest && module.revision) rows.push({ name: module.name, source: "community", installed: module.revision.slice(0, 12), latest, pinned: module.pinned, ...copiesOf(module.name, "community") });
  }
  for (const rock of workspace.actual.rocks.values()) {
    const latest = newerVersion(rock);
    if (latest) rows.push({ name: rock.name, source: "rocks", installed: rock.version, latest, pinned: rock.pinned, ...copiesOf(rock.name, "rocks") });
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  const rockVersions = new Map(rows.filter((row) => row.source === "rocks").map((row) => [row.name, catalogue.entry(row.name)?.rock?.versions ?? []] as const));
  // A sync that found nothing new confirmed both sources then, without rebuilding the catalogue.
  const syncedAt = lastSyncedAt(session.settings.cacheDir, catalogue.builtAt);
  const rocksFetchedAt = catalogue.rocks && syncedAt !== catalogue.builtAt ? syncedAt : catalogue.rocks?.fetchedAt;
  return { rows, communityRevision: catalogue.community?.revision, rocksFetchedAt, syncedAt, rockVersions };
}
