import type { DependencyDecision, RockDependencyPlan } from "../core/model/rock-dependencies.js";
import type { JsonObject } from "./command.js";

/** Which rock pulled each planned dependency in, for "(dependency of …)". */
export function neededByOf(plan: RockDependencyPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const decision of plan.decisions) if (decision.outcome.kind === "install" && !out.has(decision.name)) out.set(decision.name, decision.neededBy);
  return out;
}

function wanted(decision: DependencyDecision): string {
  return `${decision.name}${decision.constraint ? ` ${decision.constraint}` : ""}`;
}

/**
 * The dependencies that are not steps of their own: those already there, Lua itself, Lua libraries, and rockspecs
 * that could not be read. Dependencies LuaRocks installs are plan steps, printed with the plan.
 */
export function dependencyNotes(plan: RockDependencyPlan, server: string): string[] {
  const lines = plan.decisions.flatMap((decision) => {
    const head = `${decision.neededBy} needs ${wanted(decision)}`;
    switch (decision.outcome.kind) {
      case "installed":
        return [`${head}: already installed (${decision.outcome.version})`];
      case "lua":
        return [`${head}: Prosody's Lua meets it`];
      case "library":
        return [`${head}: a Lua library; LuaRocks installs it from ${server} or its default servers if the tree lacks it`];
      default:
        return [];
    }
  });
  for (const item of plan.unread) lines.push(`${item.name} ${item.version}: its rockspec could not be read, so its dependencies are LuaRocks' to find`);
  return lines;
}

export function dependencyJson(plan: RockDependencyPlan): JsonObject[] {
  return plan.decisions.map((decision) => ({
    name: decision.name,
    neededBy: decision.neededBy,
    constraint: decision.constraint,
    status: decision.outcome.kind,
    version: "version" in decision.outcome ? decision.outcome.version : null,
  }));
}
