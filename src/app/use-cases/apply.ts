import { failure } from "../../core/errors.js";
import { changes } from "../../core/model/plan.js";
import { resolveRevisions } from "../../sources/community/hg.js";
import { readLockfile } from "../model/lockfile-store.js";
import { requireLuaRocks } from "../rocks-context.js";
import type { Session } from "../session.js";
import { syncSources } from "../sync.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, openWorkspace } from "./workspace.js";

export interface ApplyRequest {
  /** Only report the drift. */
  check: boolean;
  /** Also remove managed modules the lockfile does not hold. */
  prune: boolean;
  /** Replace copies prosody-manager did not install (kept in a backup). */
  force: boolean;
  dryRun: boolean;
}

export interface ApplyOutcome extends ConvergeOutcome {
  lockfilePath: string;
}

/**
 * Makes this machine match the lockfile: installs what is missing at the locked revision or version, repairs what
 * drifted (keeping the drifted files in a backup), leaves the rest. Every locked revision is checked against the
 * repository before anything is touched.
 */
export async function applyLockfile(session: Session, request: ApplyRequest): Promise<ApplyOutcome> {
  const lockfilePath = session.settings.lockfilePath;
  const lockfile = await readLockfile(lockfilePath);
  if (!lockfile) throw failure(`there is no lockfile at ${lockfilePath}`, "install modules to create one, or pass --lockfile PATH");
  const catalogue = lockfile.community.size > 0 ? await session.catalogue() : undefined;
  const workspace = await openWorkspace(session, catalogue);
  const wanted = [...lockfile.community.values()].map((entry) => entry.revision);
  if (wanted.length > 0) {
    let known = await resolveRevisions(workspace.targets.repo, wanted);
    if (wanted.some((revision) => !known.has(revision)) && !request.check && !request.dryRun) {
      // The lockfile may come from a machine with a newer cache: one sync, then the revisions must be there.
      await syncSources(session).catch(() => undefined);
      known = await resolveRevisions(workspace.targets.repo, wanted);
    }
    const missing = [...lockfile.community.entries()].filter(([, entry]) => !known.has(entry.revision));
    if (missing.length > 0) {
      throw failure(
        `the community repository has no revision ${missing.map(([name, entry]) => `${entry.revision.slice(0, 12)} (${name})`).join(", ")}`,
        "point --community-url at a repository (or mirror) that has it; nothing was changed",
      );
    }
  }
  if (lockfile.rocks.size > 0 && !request.check) await requireLuaRocks(session.ctx.env);
  const outcome = await converge(
    workspace.targets,
    workspace.actual,
    { desired: lockfile, prune: request.prune, dryRun: request.check || request.dryRun, force: request.force, repairModified: true },
    ioOf(session),
  );
  return { ...outcome, lockfilePath };
}

export function driftCount(outcome: ConvergeOutcome): number {
  return changes(outcome.plan).length;
}
