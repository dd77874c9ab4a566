import { failure } from "../../core/errors.js";
import { rockLocalWork } from "../../core/model/actual.js";
import type { LockedCommunityModule, LockedRock } from "../../core/model/lockfile.js";
import { compareRockVersions } from "../../core/rock-version.js";
import type { ModuleName } from "../../core/types.js";
import { newestCommunity } from "../model/newest-community.js";
import { withRockDependencies } from "../rock-dependencies.js";
import type { Session } from "../session.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, openWorkspace } from "./workspace.js";

export interface UpdateRequest {
  /** Only these; empty: everything installed. */
  names: readonly ModuleName[];
  force: boolean;
  dryRun: boolean;
}

export interface Skipped {
  name: ModuleName;
  source: "community" | "rocks";
  why: string;
}

export interface UpdateOutcome extends ConvergeOutcome {
  skipped: Skipped[];
  communityRevision: string | undefined;
}

/** Every unpinned module to the newest synced revision or version, both sources in one plan. */
export async function updateModules(session: Session, request: UpdateRequest): Promise<UpdateOutcome> {
  const catalogue = await session.catalogue();
  const workspace = await openWorkspace(session, catalogue);
  const { desired, actual } = workspace;
  for (const name of request.names) {
    if (!desired.community.has(name) && !desired.rocks.has(name)) {
      throw failure(`${name} is not installed (neither by prosody-manager nor in ${workspace.targets.rocks.tree})`, "see 'prosody-manager module list'");
    }
  }
  const wanted = (name: ModuleName): boolean => request.names.length === 0 || request.names.includes(name);
  const modules = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module] as const));
  const { newest, atParent } = await newestCommunity(workspace.targets.repo, catalogue);
  const newestNode = (name: ModuleName): string | undefined => {
    const revision = modules.get(name)?.revision;
    return revision ? newest.get(revision)?.node : undefined;
  };
  const skipped: Skipped[] = [];
  const scope = new Set<ModuleName>();

  const community = new Map(desired.community);
  for (const [name, entry] of desired.community) {
    if (!wanted(name)) continue;
    const skip = (why: string): void => void skipped.push({ name, source: "community", why });
    const node = newestNode(name);
    if (entry.pinned) skip(`pinned at ${entry.revision.slice(0, 12)}`);
    else if (!node) skip("no longer in the community repository");
    else if (actual.community.get(name)?.status === "modified" && !request.force) skip("has local changes (see 'module verify'; --force replaces them)");
    else {
      community.set(name, { ...entry, revision: node, treeHash: undefined, requires: [...(modules.get(name)?.dependencies.community ?? [])].sort() });
      scope.add(name);
    }
  }
  // A newer revision may need a community module that was not needed before.
  for (const name of [...scope]) {
    for (const dependency of community.get(name)?.requires ?? []) {
      if (community.has(dependency)) continue;
      const node = newestNode(dependency);
      if (!node) throw failure(`${dependency} (needed by ${name}) is not in the community repository`);
      const entry: LockedCommunityModule = { revision: node, pinned: false, reason: "dependency", treeHash: undefined, requires: [...(modules.get(dependency)?.dependencies.community ?? [])].sort() };
      community.set(dependency, entry);
      scope.add(dependency);
    }
  }

  const newestRock = new Map((catalogue.rocks?.modules ?? []).map((rock) => [rock.name, rock.versions[0]] as const));
  const rocks = new Map<ModuleName, LockedRock>(desired.rocks);
  for (const [name, entry] of desired.rocks) {
    if (!wanted(name)) continue;
    const latest = newestRock.get(name);
    const have = actual.rocks.get(name);
    if (entry.pinned) skipped.push({ name, source: "rocks", why: `pinned at ${entry.version}` });
    else if (latest && compareRockVersions(latest, entry.version) > 0 && have && rockLocalWork(have) && !request.force) {
      skipped.push({ name, source: "rocks", why: "has local changes (see 'module verify'; --force replaces them)" });
    } else if (latest && compareRockVersions(latest, entry.version) > 0) {
      rocks.set(name, { ...entry, version: latest, treeHash: undefined });
      scope.add(name);
    }
  }
  // A newer rock may need rocks that were not needed before: they are steps of the plan, as for 'rocks install'.
  const moved = new Map([...rocks].filter(([name]) => scope.has(name)));
  if (moved.size > 0) {
    const available = new Map((catalogue.rocks?.modules ?? []).map((rock) => [rock.name, rock] as const));
    const resolved = await withRockDependencies(moved, { target: workspace.targets.rocks, available, actual, desired, reinstall: false });
    for (const [name, entry] of resolved.entries) {
      rocks.set(name, entry);
      scope.add(name);
    }
  }
  const outcome = await converge(workspace.targets, actual, { desired: { community, rocks }, only: scope, dryRun: request.dryRun, force: request.force, atParent }, ioOf(session));
  return { ...outcome, skipped, communityRevision: catalogue.community?.revision };
}
