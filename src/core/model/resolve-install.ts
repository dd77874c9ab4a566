// What `module install` wants, before anything is compared with the disk: the requested modules at their revisions
// and the community modules they need, as lockfile entries.
import { failure } from "../errors.js";
import { unknownModule, warningsFor } from "../install-warnings.js";
import type { CommunityModule, ModuleName } from "../types.js";
import type { LockedCommunityModule, Lockfile } from "./lockfile.js";

export interface CommunityInstallItem {
  name: ModuleName;
  /** A full changeset hash the admin asked for: it pins the module. */
  revision: string | undefined;
}

export interface ResolveInstallInput {
  requests: readonly CommunityInstallItem[];
  catalogue: ReadonlyMap<ModuleName, CommunityModule>;
  /** The full hash of each module's newest revision in the cache. */
  newestNode: (name: ModuleName) => string | undefined;
  desired: Lockfile;
  withDependencies: boolean;
  prosodyVersion: string | undefined;
}

export interface ResolvedInstall {
  entries: Map<ModuleName, LockedCommunityModule>;
  /** Which module pulled each dependency in, for the plan's words. */
  requiredBy: Map<ModuleName, ModuleName>;
  warnings: string[];
}

export function resolveCommunityInstall(input: ResolveInstallInput): ResolvedInstall {
  const entries = new Map<ModuleName, LockedCommunityModule>();
  const requiredBy = new Map<ModuleName, ModuleName>();
  const warnings: string[] = [];
  const requiresOf = (name: ModuleName): ModuleName[] => [...(input.catalogue.get(name)?.dependencies.community ?? [])].filter((dependency) => dependency !== name).sort();

  for (const request of input.requests) {
    const module = input.catalogue.get(request.name);
    if (!module && request.revision === undefined) throw unknownModule(request.name, input.catalogue.keys());
    if (module && !module.hasCode && request.revision === undefined) {
      throw failure(
        `${request.name} has no code in the community repository${module.stage === "Merged" ? " (it was merged into Prosody)" : ""}`,
        `see 'prosody-manager module info ${request.name}'`,
      );
    }
    const revision = request.revision ?? input.newestNode(request.name);
    if (!revision) throw failure(`${request.name} has no revision in the cached repository`, "run 'prosody-manager module sync'");
    entries.set(request.name, { revision, pinned: request.revision !== undefined, reason: "requested", treeHash: undefined, requires: requiresOf(request.name) });
    if (module) warnings.push(...warningsFor(module, input));
  }

  const queue = input.withDependencies ? [...entries.keys()] : [];
  while (queue.length > 0) {
    const parent = queue.shift();
    if (!parent) continue;
    for (const dependency of requiresOf(parent)) {
      if (entries.has(dependency)) continue;
      requiredBy.set(dependency, parent);
      const locked = input.desired.community.get(dependency);
      // An installed dependency already satisfies the need; moving it is `update`'s job.
      if (locked) {
        entries.set(dependency, locked);
      } else {
        const revision = input.newestNode(dependency);
        if (!revision) throw failure(`${dependency} (needed by ${parent}) is not in the community repository`);
        entries.set(dependency, { revision, pinned: false, reason: "dependency", treeHash: undefined, requires: requiresOf(dependency) });
        const module = input.catalogue.get(dependency);
        if (module) warnings.push(...warningsFor(module, input));
      }
      queue.push(dependency);
    }
  }
  return { entries, requiredBy, warnings: [...new Set(warnings)] };
}
