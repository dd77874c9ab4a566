// "Ask first": which changes an admin at a terminal confirms before they happen. Pure, so the rule is unit-tested.
import { compareRockVersions } from "../rock-version.js";
import type { PlanStep } from "./plan.js";

/** What a changing command would do, as its dry run found it: the plan's steps and the config files it would edit. */
export interface ChangePreview {
  steps: readonly PlanStep[];
  /** Files of the Prosody config (the main one or an included one) the change would edit. */
  configFiles: readonly string[];
}

export interface ConfirmationNeed {
  ask: boolean;
  /** Why, one phrase per thing that cannot be taken back by running the command again (empty when not asking). */
  reasons: string[];
}

/**
 * The rule: ask when the change edits the Prosody config, replaces or deletes installed files, or downgrades.
 * A plain addition into an empty place (a new module directory, a new rock) and a record-only change (pin, adopt)
 * go ahead: they destroy nothing, and `module remove` undoes them.
 */
export function confirmationNeed(preview: ChangePreview): ConfirmationNeed {
  const reasons: string[] = [];
  const files = [...new Set(preview.configFiles)];
  if (files.length > 0) reasons.push(`edits the Prosody config (${files.join(", ")})`);
  for (const step of preview.steps) {
    const reason = stepReason(step);
    if (reason) reasons.push(reason);
  }
  return { ask: reasons.length > 0, reasons };
}

function stepReason(step: PlanStep): string | undefined {
  const what = `${step.source === "rocks" ? "rock " : ""}${step.name}`;
  switch (step.action) {
    case "add":
    case "keep":
      return undefined;
    case "remove":
      return `deletes ${what}`;
    case "change":
      if (isRockDowngrade(step)) return `downgrades ${what} ${step.from ?? "?"} → ${step.to ?? "?"}`;
      return `replaces ${what} (${step.why})`;
  }
}

/** Community revisions are changeset hashes with no order in the plan; rock versions have LuaRocks' order. */
function isRockDowngrade(step: PlanStep): boolean {
  return step.source === "rocks" && step.from !== undefined && step.to !== undefined && compareRockVersions(step.to, step.from) < 0;
}
