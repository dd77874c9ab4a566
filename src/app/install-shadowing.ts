import type { ActualState } from "../core/model/actual.js";
import { shadowingNotes } from "../core/model/copies.js";
import type { PlanStep } from "../core/model/plan.js";
import type { Source } from "../core/types.js";
import { readModuleCopies } from "./module-copies.js";
import type { Session } from "./session.js";

/**
 * What an install does to the other copies of the modules it adds or replaces, in Prosody's search order: a rock
 * shadows community and built-in copies, a community copy shadows a built-in one and is itself shadowed by a rock or
 * an earlier plugin path. Read before anything changes, so the dry-run says the same.
 */
export async function shadowingOfInstall(session: Session, actual: ActualState, steps: readonly PlanStep[], source: Source): Promise<string[]> {
  const installing = steps.filter((step) => step.source === source && (step.action === "add" || step.action === "change")).map((step) => step.name);
  if (installing.length === 0) return [];
  const view = await readModuleCopies(session, { names: installing, only: true, actual });
  const target = view.searchPath.find((entry) => entry.dir === (source === "rocks" ? view.tree : view.communityDir));
  if (!target) return [];
  return installing.flatMap((name) => {
    const copies = view.modules.get(name);
    return copies ? shadowingNotes(copies, target, source, view.searchPath) : [];
  });
}
