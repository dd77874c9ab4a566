import type { ParentContent } from "../../core/model/parent-content.js";
import { type Locked, upsert } from "../../core/model/desired.js";
import type { ModuleName, Source } from "../../core/types.js";
import { shadowingOfInstall } from "../install-shadowing.js";
import type { BeforeCommit } from "../model/apply-plan.js";
import type { Session } from "../session.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, type Workspace } from "./workspace.js";

/** What both install use cases ask of the plan: the entries to place, the ones asked for by name, and the flags. */
export interface InstallPlanRequest {
  force: boolean;
  dryRun: boolean;
  beforeCommit?: BeforeCommit;
  atParent?: ParentContent;
}

/**
 * Plans and applies an install of one source: only the entries given (other modules are kept as they are), the
 * requested ones reinstalled under --force; answers with what the new copies do to other copies of the same modules.
 */
export async function convergeInstall<S extends Source>(
  session: Session,
  workspace: Workspace,
  source: S,
  entries: ReadonlyMap<ModuleName, Locked<S>>,
  requested: ReadonlySet<ModuleName>,
  request: InstallPlanRequest,
): Promise<ConvergeOutcome & { shadowing: string[] }> {
  const outcome = await converge(
    workspace.targets,
    workspace.actual,
    {
      desired: upsert(workspace.desired, source, entries),
      only: new Set(entries.keys()),
      source,
      reinstall: request.force ? requested : undefined,
      dryRun: request.dryRun,
      force: request.force,
      beforeCommit: request.beforeCommit,
      atParent: request.atParent,
    },
    ioOf(session),
  );
  return { ...outcome, shadowing: await shadowingOfInstall(session, workspace.actual, outcome.plan.steps, source) };
}
