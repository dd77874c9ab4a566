import type { ActualState } from "../../core/model/actual.js";
import type { Lockfile } from "../../core/model/lockfile.js";
import type { Catalogue, ModuleName } from "../../core/types.js";
import { readActualState } from "../model/actual-state.js";
import { loadDesired } from "../model/desired-state.js";
import { resolveTargets, type Targets } from "../model/targets.js";
import { progressFor } from "../progress.js";
import type { ConvergeIo } from "./converge.js";
import { readActualStateToShow } from "../shown-state.js";
import type { Session } from "../session.js";

/** Targets, what is on disk, and what the lockfile wants: what every use case starts from. */
export interface Workspace {
  targets: Targets;
  actual: ActualState;
  desired: Lockfile;
  lockfileExisted: boolean;
}

export async function openWorkspace(session: Session, catalogue: Catalogue | undefined): Promise<Workspace> {
  const targets = await resolveTargets(session);
  const actual = await readActualState(targets, session.ctx.log);
  const { lockfile, existed } = await loadDesired(targets, actual, catalogue, session.ctx.log);
  return { targets, actual, desired: lockfile, lockfileExisted: existed };
}

/**
 * Targets and what is on disk, without the desired state: for reads that never change anything (list, outdated),
 * which need neither the lockfile nor the catalogue's dependencies to build one.
 */
export async function openActual(session: Session, check?: (name: ModuleName) => boolean): Promise<Pick<Workspace, "targets" | "actual">> {
  const targets = await resolveTargets(session);
  return { targets, actual: await readActualStateToShow(session, targets, check) };
}

export function ioOf(session: Session): ConvergeIo {
  return {
    env: session.ctx.env,
    now: session.ctx.now(),
    progress: progressFor(session.ctx),
    warn: (message) => session.ctx.log.warn(message),
    prosodyAccount: () => session.prosodyAccount(),
  };
}
