import { type LockedCommunityModule, type LockedRock, type Lockfile, isFullNode } from "../../core/model/lockfile.js";
import type { ActualState } from "../../core/model/actual.js";
import type { Catalogue, ModuleName } from "../../core/types.js";
import { resolveRevisions } from "../../sources/community/hg.js";
import { exists } from "../../system/fs-atomic.js";
import type { Logger } from "../context.js";
import { readLockfile } from "./lockfile-store.js";
import type { Targets } from "./targets.js";

/**
 * The lockfile, or — before the first lockfile — the desired state that matches what prosody-manager installed, so
 * upgrading to a lockfile changes nothing on disk.
 */
export async function loadDesired(targets: Targets, actual: ActualState, catalogue: Catalogue | undefined, log?: Logger): Promise<{ lockfile: Lockfile; existed: boolean }> {
  const existing = await readLockfile(targets.lockfilePath);
  if (existing) return { lockfile: existing, existed: true };
  return { lockfile: await desiredFromActual(targets, actual, catalogue, log), existed: false };
}

async function desiredFromActual(targets: Targets, actual: ActualState, catalogue: Catalogue | undefined, log?: Logger): Promise<Lockfile> {
  const managed = [...actual.community.values()].filter((module) => module.status !== "unmanaged" && module.revision);
  const shortOnes = managed.map((module) => module.revision ?? "").filter((revision) => !isFullNode(revision));
  const resolved = shortOnes.length > 0 && (await exists(`${targets.repo}/.hg`)) ? await resolveRevisions(targets.repo, shortOnes) : new Map<string, { node: string }>();
  const dependsOn = new Map((catalogue?.community?.modules ?? []).map((module) => [module.name, module.dependencies.community] as const));
  const community = new Map<ModuleName, LockedCommunityModule>();
  for (const module of managed) {
    const revision = module.revision && isFullNode(module.revision) ? module.revision : resolved.get(module.revision ?? "")?.node;
    if (!revision) {
      log?.warn(`${module.name}: revision ${module.revision ?? "?"} is not in the cached repository; it stays out of the lockfile until 'module sync'`);
      continue;
    }
    community.set(module.name, { revision, pinned: module.pinned, reason: module.reason, treeHash: module.recordedHash, requires: [] });
  }
  for (const [name, entry] of community) {
    community.set(name, { ...entry, requires: (dependsOn.get(name) ?? []).filter((dependency) => community.has(dependency)).sort() });
  }
  const rocks = new Map<ModuleName, LockedRock>();
  for (const rock of actual.rocks.values()) {
    if (!rock.managed) continue;
    rocks.set(rock.name, { version: rock.version, pinned: rock.pinned, reason: rock.reason, treeHash: rock.recordedHash, requires: rock.requires });
  }
  return { community, rocks };
}
