import type { ConfigChange } from "../app/config-change.js";
import type { Context } from "../app/context.js";
import type { CommitStep } from "../app/model/apply-plan.js";
import { copiesLeftAfterRemoval, type Provider } from "../app/other-copies.js";
import type { Session } from "../app/session.js";
import { removeModules, type RemoveOutcome } from "../app/use-cases/remove.js";
import type { PlanStep } from "../core/model/plan.js";
import type { ModuleName, Source } from "../core/types.js";
import { DRY_RUN_NOTE } from "../core/dry-run.js";
import { configChangesJson, configChangesText, disableBeforeRemoval, editConfigAsOne } from "../app/config-integration.js";
import { changePreview } from "./change-preview.js";
import { type CommandResult, flagOption, type JsonObject, type OptionValues } from "./command.js";
import { describeStep } from "./plan-view.js";
import { backupLines, lockfileLine, stillProvidedJson, stillProvidedLines } from "./result-lines.js";
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
 * Both remove commands in one order: the plan first (it refuses before anything is touched), then the files and, as
 * the last step of the same change, the config (a module no copy provides any more is disabled), then the running
 * server. A kill or a failure before the end puts the files and the config back together.
 */
export async function removeInOrder(ctx: Context, session: Session, source: Source, names: readonly ModuleName[], options: OptionValues): Promise<Removal> {
  const dryRun = ctx.flags.dryRun;
  const request = { source, names, keepDeps: flagOption(options, "keepDeps"), force: flagOption(options, "force") };
  const preview = await removeModules(session, { ...request, dryRun: true });
  const removing = preview.plan.steps.filter((step) => step.action === "remove").map((step) => step.name);
  // A module another copy still provides (built-in, rock, another plugin path) stays enabled: that copy loads now.
  const providers = await copiesLeftAfterRemoval(session, removing, preview.where);
  const stillProvided = providers.filter((item) => item.next !== undefined);
  const disabling = providers.filter((item) => item.next === undefined).map((item) => item.name);
  const config = configRequest(options);
  let configChanges: ConfigChange[] = [];
  // A dry run shows the edit; --no-config refuses here, before anything is touched, when a module is still enabled.
  if (dryRun || !config.useConfig) configChanges = await disableBeforeRemoval(session, disabling, config);
  // Otherwise the edit is the removal's last step: journaled, and undone with the files if anything fails.
  const beforeCommit = async (step: CommitStep): Promise<void> => void (configChanges = await editConfigAsOne(session, step, () => disableBeforeRemoval(session, disabling, config)));
  const outcome = dryRun ? preview : await removeModules(session, { ...request, dryRun: false, beforeCommit: config.useConfig ? beforeCommit : undefined });
  const steps = outcome.plan.steps.filter((step) => step.action === "remove");
  // A copy that stays provided is reloaded from where Prosody finds it now; the others are unloaded.
  const serverSteps = steps.map((step) => (stillProvided.some((item) => item.name === step.name) ? { ...step, action: "change" as const } : step));
  const reload = await reloadAfter(ctx, session, serverSteps, flagOption(options, "reload"));
  return { preview, outcome, steps, stillProvided, configChanges, reload };
}

/**
 * What both remove commands report: the steps, backups, lockfile, copies that stay, config edit and reload, in text and
 * JSON; `fields` are the command's own JSON fields (where it removed from, each removed module's details).
 */
export function removalResult(removal: Removal, dryRun: boolean, fields: JsonObject): CommandResult {
  const { outcome, steps, stillProvided, configChanges, reload } = removal;
  const backups = outcome.applied?.backups ?? [];
  return {
    json: {
      dryRun,
      changed: !dryRun && steps.length > 0,
      ...fields,
      backups,
      config: configChangesJson(configChanges),
      reload: reload.json,
      stillProvided: stillProvidedJson(stillProvided),
    },
    text: [
      ...steps.map((step) => describeStep(step, dryRun)),
      ...backupLines(backups),
      lockfileLine(outcome, dryRun),
      ...stillProvidedLines(stillProvided, dryRun),
      configChangesText(configChanges, dryRun),
      ...reload.lines,
      dryRun ? DRY_RUN_NOTE : "",
    ]
      .filter(Boolean)
      .join("\n"),
    exitCode: reload.failed ? 1 : 0,
    preview: changePreview(steps, configChanges),
  };
}
