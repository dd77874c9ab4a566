import { failure } from "../../core/errors.js";
import type { ActualState } from "../../core/model/actual.js";
import { upsert, withApplied } from "../../core/model/desired.js";
import { type LockedRock, type Lockfile, serializeLockfile } from "../../core/model/lockfile.js";
import type { ParentContent } from "../../core/model/parent-content.js";
import { changes, type DiffOptions, diffState, type Plan, type PlanStep } from "../../core/model/plan.js";
import type { ModuleName } from "../../core/types.js";
import { applyPlan, type ApplyOptions, type ApplyOutcome, type BeforeCommit, UNJOURNALED } from "../model/apply-plan.js";
import { readLockfile, writeLockfile } from "../model/lockfile-store.js";
import type { Targets } from "../model/targets.js";
import { onInterrupt } from "../../system/child-registry.js";
import { startJournal } from "../model/journal-store.js";

export interface ConvergeRequest extends DiffOptions {
  /** The desired state after the change the admin asked for. */
  desired: Lockfile;
  dryRun: boolean;
  force: boolean;
  /** `apply` repairs locally modified modules (keeping a backup): matching the lockfile is what it was asked. */
  repairModified?: boolean;
  /** Remove rocks even when other rocks depend on them (luarocks remove --force). */
  forceRockRemoval?: boolean;
  /** The config edit that belongs to this change: if it fails, the whole change is undone. */
  beforeCommit?: BeforeCommit;
  /** Modules the cache's working copy holds at their revision: copied from it instead of archived. */
  atParent?: ParentContent;
}

export interface ConvergeOutcome {
  plan: Plan;
  applied: ApplyOutcome | undefined;
  /** The lockfile as written (or as it would be written, on a dry run). */
  lockfile: Lockfile;
  lockfileChanged: boolean;
}

/** What a change needs of the run besides the plan: its environment, clock, status line, warnings, Prosody's account. */
export type ConvergeIo = Pick<ApplyOptions, "env" | "now" | "progress" | "warn" | "prosodyAccount">;

/** Desired → plan → apply → lockfile: the one path every changing command takes. */
export async function converge(targets: Targets, actual: ActualState, request: ConvergeRequest, io: ConvergeIo): Promise<ConvergeOutcome> {
  const plan = diffState(request.desired, actual, request);
  refuseUnforced(plan, request);
  const before = await readLockfile(targets.lockfilePath).catch(() => undefined);
  if (request.dryRun) {
    // On a dry run the config edit only shows its diff.
    await request.beforeCommit?.(UNJOURNALED);
    return { plan, applied: undefined, lockfile: request.desired, lockfileChanged: lockfileDiffers(before, request.desired) };
  }
  const journal = changes(plan).length > 0 ? await startJournal(targets) : undefined;
  // Ctrl-C or a kill in the middle puts everything back at once; SIGKILL leaves the journal for the next run.
  const dropHook = journal ? onInterrupt(() => void journal.recover()) : undefined;
  try {
    let written: { lockfile: Lockfile; changed: boolean } | undefined;
    const writeDesired = async (outcome: ApplyOutcome): Promise<void> => {
      const lockfile = withPulledIn(withApplied(request.desired, outcome), outcome);
      written = { lockfile, changed: lockfileDiffers(before, lockfile) };
      if (written.changed) await writeLockfile(targets.lockfilePath, lockfile);
    };
    // The lockfile is the change's last step, so a kill never leaves it behind what is on disk.
    const applied = await applyPlan(plan, targets, { ...io, forceRockRemoval: request.forceRockRemoval === true, journal, beforeCommit: request.beforeCommit, atParent: request.atParent, lockfile: { path: targets.lockfilePath, write: writeDesired } });
    // A plan with nothing to change has no last step: the lockfile may still need its records (pins, reasons).
    if (!written) await writeDesired(applied);
    journal?.finish();
    return { plan, applied, lockfile: written?.lockfile ?? request.desired, lockfileChanged: written?.changed ?? false };
  } catch (error) {
    // applyPlan has rolled back; the journal mops up whatever that rollback could not.
    journal?.recover();
    throw error;
  } finally {
    dropHook?.();
  }
}

/** A plan that would overwrite local work stops before anything is touched, naming every file tree at stake. */
function refuseUnforced(plan: Plan, request: ConvergeRequest): void {
  if (request.force) return;
  const blocked = changes(plan).filter((step) => step.needsForce && !(request.repairModified && step.needsForce.endsWith("has local changes")));
  if (blocked.length === 0) return;
  throw failure(
    `refusing to overwrite local work: ${blocked.map((step) => step.needsForce).join("; ")}`,
    "see 'prosody-manager module verify'; --force replaces it and keeps the old files in a backup directory",
  );
}

/** Dependencies LuaRocks installed on its own become locked dependencies, so apply elsewhere installs the same. */
function withPulledIn(lockfile: Lockfile, applied: ApplyOutcome): Lockfile {
  const extra = new Map<ModuleName, LockedRock>();
  for (const name of applied.pulledIn) {
    const rock = applied.rocks.get(name);
    if (rock && !lockfile.rocks.has(name)) extra.set(name, { version: rock.version, pinned: false, reason: "dependency", treeHash: rock.treeHash, requires: rock.requires });
  }
  return extra.size > 0 ? upsert(lockfile, "rocks", extra) : lockfile;
}

function lockfileDiffers(before: Lockfile | undefined, after: Lockfile): boolean {
  return !before || serializeLockfile(before) !== serializeLockfile(after);
}

export function stepsOf(plan: Plan, source?: PlanStep["source"]): PlanStep[] {
  return plan.steps.filter((step) => source === undefined || step.source === source);
}
