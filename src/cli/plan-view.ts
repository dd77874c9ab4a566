import type { PlanStep } from "../core/model/plan.js";
import type { JsonObject } from "./command.js";

// The words the seed's commands always used: install/replace/keep/remove.
const ACTION_WORDS: Record<PlanStep["action"], string> = { add: "install", change: "replace", keep: "keep", remove: "remove" };

function shortRef(step: PlanStep, value: string | undefined): string | undefined {
  return value && step.source === "community" ? value.slice(0, 12) : value;
}

export function stepJson(step: PlanStep, requiredBy?: string): JsonObject {
  return {
    name: step.name,
    source: step.source,
    action: ACTION_WORDS[step.action],
    revision: shortRef(step, step.action === "remove" ? step.from : step.to) ?? null,
    node: step.source === "community" && step.action !== "remove" ? (step.to ?? null) : null,
    fromRevision: shortRef(step, step.from) ?? null,
    reason: step.reason,
    pinned: step.pinned,
    requiredBy: requiredBy ?? null,
    why: step.why,
  };
}

/** One line a step, in the words an admin reads in a plan: what happens to which module, from what to what. */
export function describeStep(step: PlanStep, dryRun: boolean, requiredBy?: string): string {
  const why = requiredBy ? ` (needed by ${requiredBy})` : "";
  const pin = step.pinned ? " [pinned]" : "";
  const kind = step.source === "rocks" ? "rock " : "";
  const to = shortRef(step, step.to) ?? "?";
  const from = shortRef(step, step.from) ?? "?";
  switch (step.action) {
    case "add":
      return `${dryRun ? "would install" : "installed"} ${kind}${step.name} at ${to}${pin}${why}`;
    case "change":
      return `${dryRun ? "would replace" : "replaced"} ${kind}${step.name} ${from} → ${to}${pin}${why}${/^(revision|version) /.test(step.why) ? "" : ` (${step.why})`}`;
    case "keep":
      return dryRun ? `${kind}${step.name} at ${to} is already installed${pin}${why}` : `kept ${kind}${step.name} at ${to} (already installed)${pin}${why}`;
    case "remove":
      return `${dryRun ? "would remove" : "removed"} ${kind}${step.name}${step.from ? ` ${from}` : ""} (${step.why})`;
  }
}
