import type { ConfigChange } from "../app/config-change.js";
import type { ChangePreview } from "../core/model/confirmation.js";
import type { PlanStep } from "../core/model/plan.js";

/** What a command's result tells the "ask first" rule: its plan's steps and the config files it edits (or would). */
export function changePreview(steps: readonly PlanStep[], configChanges: readonly ConfigChange[] = []): ChangePreview {
  return { steps, configFiles: configChanges.flatMap((change) => change.files) };
}
