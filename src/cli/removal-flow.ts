import type { ConfigChange } from "../app/config-change.js";
import { disableBeforeRemoval, snapshotConfig } from "../app/config-integration.js";
import type { Context } from "../app/context.js";
import { copiesLeftAfterRemoval, type Provider } from "../app/other-copies.js";
import type { Session } from "../app/session.js";
import { removeModules, type RemoveOutcome } from "../app/use-cases/remove.js";
import type { PlanStep } from "../core/model/plan.js";
import type { ModuleName, Source } from "../core/types.js";
import { flagOption, type OptionValues } from "./command.js";
import { configRequest } from "./config-options.js";
import { type ReloadReport, reloadAfter } from "./reload-option.js";

export interface Removal {
  preview: RemoveOutcome;
  outcome: RemoveOutcome;
  /** The remove steps that ran (or would run). */
  steps: PlanStep[];
  stillProvided: Provider[];
  configChanges: ConfigChange[];
  reload: ReloadReport;
}

/**
 * Both remove commands in one order: the plan first (it refuses before anything is touched), then the config (a
 * module no copy provides any more is disabled before its files go, so Prosody never starts with it missing), then
 * the files, then the running server.
 */
export async function removeInOrder(ctx: Context, session: Session, source: Source, names: readonly ModuleName[], options: OptionValues): Promise<Removal> {
  const dryRun = ctx.flags.dryRun;
  const request = { source, names, keepDeps: flagOption(options, "keepDeps"), force: flagOption(options, "force") };
  const preview = await removeModules(session, { ...request, dryRun: true });
  const removing = preview.plan.steps.filter((step) => step.action === "remove").map((step) => step.name);
  // A module another copy still provides (built-in, rock, another plugin path) stays enabled: that copy loads now.
  const providers = await copiesLeftAfterRemoval(session, removing, preview.where);
  const stillProvided = providers.filter((item) => item.next !== undefined);
  const restoreConfig = await snapshotConfig(session);
  const configChanges = await disableBeforeRemoval(session, providers.filter((item) => item.next === undefined).map((item) => item.name), configRequest(options));
  // A removal that fails is undone whole: its files are back (the applier), so the config goes back too.
  const outcome = dryRun
    ? preview
    : await removeModules(session, { ...request, dryRun: false }).catch(async (error: unknown) => {
        if (configChanges.some((change) => change.applied)) await restoreConfig();
        throw error;
      });
  const steps = outcome.plan.steps.filter((step) => step.action === "remove");
  // A copy that stays provided is reloaded from where Prosody finds it now; the others are unloaded.
  const serverSteps = steps.map((step) => (stillProvided.some((item) => item.name === step.name) ? { ...step, action: "change" as const } : step));
  const reload = await reloadAfter(ctx, session, serverSteps, flagOption(options, "reload"));
  return { preview, outcome, steps, stillProvided, configChanges, reload };
}
