import type { InstallStep } from "../core/install-plan.js";
import type { JsonObject } from "./command.js";

export function stepJson(step: InstallStep): JsonObject {
  return {
    name: step.name,
    action: step.action,
    revision: step.revision,
    fromRevision: step.fromRevision ?? null,
    reason: step.reason,
    pinned: step.pinned,
    requiredBy: step.requiredBy ?? null,
  };
}

/** One line a step, in the words an admin reads in a plan: what happens to which module, from what to what. */
export function describeStep(step: InstallStep, dryRun: boolean): string {
  const why = step.requiredBy ? ` (needed by ${step.requiredBy})` : "";
  const pin = step.pinned ? " [pinned]" : "";
  switch (step.action) {
    case "install":
      return `${dryRun ? "would install" : "installed"} ${step.name} at ${step.revision}${pin}${why}`;
    case "replace":
      return `${dryRun ? "would replace" : "replaced"} ${step.name} ${step.fromRevision ?? "?"} → ${step.revision}${pin}${why}`;
    case "keep":
      return `kept ${step.name} at ${step.revision} (already installed)${why}`;
  }
}
