import { failure } from "../../core/errors.js";
import type { ActualCommunityModule, ActualRock, ActualState } from "../../core/model/actual.js";
import { removeWithOrphans } from "../../core/model/desired.js";
import type { ModuleName, Source } from "../../core/types.js";
import type { BeforeCommit } from "../model/apply-plan.js";
import type { Session } from "../session.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, openWorkspace } from "./workspace.js";

export interface RemoveRequest {
  source: Source;
  names: readonly ModuleName[];
  /** Leave the dependencies they pulled in, even when nothing else needs them. */
  keepDeps: boolean;
  /** Community: also remove a directory prosody-manager did not install (kept in a backup). Rocks: even when other rocks depend on it. */
  force: boolean;
  dryRun: boolean;
  /** The config edit that belongs to this removal: journaled, and undone with the files if anything fails. */
  beforeCommit?: BeforeCommit;
}

export interface RemoveOutcome extends ConvergeOutcome {
  orphans: ModuleName[];
  /** Installed modules that still need a removed one. */
  dependents: { name: ModuleName; needs: ModuleName[] }[];
  /** Names removed that prosody-manager had not installed. */
  unmanaged: ModuleName[];
  where: string;
}

/** Removes modules of one source and the dependencies nothing needs any more (unless keepDeps), as one plan. */
export async function removeModules(session: Session, request: RemoveRequest): Promise<RemoveOutcome> {
  const workspace = await openWorkspace(session, undefined);
  const { targets } = workspace;
  const where = request.source === "community" ? targets.communityDir : targets.rocks.tree;
  const unmanaged: ModuleName[] = [];
  const community = new Map<ModuleName, ActualCommunityModule>(workspace.actual.community);
  const rocks = new Map<ModuleName, ActualRock>(workspace.actual.rocks);
  for (const name of request.names) {
    if (request.source === "community") {
      const have = community.get(name);
      if (!have || have.status === "missing" && !workspace.desired.community.has(name)) throw failure(`${name} is not installed in ${where}`, "see 'prosody-manager module list'");
      if (have.status === "unmanaged") {
        if (!request.force) throw failure(`${name} in ${where} was not installed by prosody-manager; not removing it`, "use --force to remove it anyway (its files are kept in a backup)");
        // Removed like a managed copy with local changes: the applier keeps its files in a backup.
        community.set(name, { ...have, status: "modified" });
        unmanaged.push(name);
      }
    } else {
      const have = rocks.get(name);
      if (!have) throw failure(`${name} is not installed in ${where}`, "see 'prosody-manager module rocks list'");
      // The tree is shared with prosodyctl by design: a rock it installed is removed like our own.
      if (!have.managed) {
        rocks.set(name, { ...have, managed: true });
        unmanaged.push(name);
      }
    }
  }
  const actual: ActualState = { community, rocks };
  const { lockfile: desired, orphans } = removeWithOrphans(workspace.desired, request.source, request.names, request.keepDeps);
  const remaining = request.source === "community" ? desired.community : desired.rocks;
  const removing = new Set<ModuleName>([...request.names, ...orphans]);
  const dependents = [...remaining.entries()]
    .map(([name, entry]) => ({ name, needs: entry.requires.filter((dependency) => removing.has(dependency)) }))
    .filter((item) => item.needs.length > 0);
  const outcome = await converge(targets, actual, { desired, only: removing, dryRun: request.dryRun, force: request.force, forceRockRemoval: request.force, beforeCommit: request.beforeCommit }, ioOf(session));
  return { ...outcome, orphans, dependents, unmanaged, where };
}
