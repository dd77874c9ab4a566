import type { ActualState } from "../core/model/actual.js";
import type { ModuleName } from "../core/types.js";
import { readActualState } from "./model/actual-state.js";
import type { Targets } from "./model/targets.js";
import type { Session } from "./session.js";

/**
 * What is on disk now, for a read that only shows it (list, outdated, info, doctor): a tree whose files look as they
 * did when a run last hashed them is not hashed again, and a rock's files are not compared one by one with its
 * rock_manifest (its tree hash gives its status; only a change and verify name the files). Whatever changes the
 * installation or vouches for it (plan, apply, verify) reads with readActualState and hashes every tree.
 */
export async function readActualStateToShow(session: Session, targets: Targets, check?: (name: ModuleName) => boolean): Promise<ActualState> {
  return readActualState(targets, session.ctx.log, check, session.memo(), false);
}
