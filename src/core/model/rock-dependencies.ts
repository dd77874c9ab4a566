// Which rocks LuaRocks would install along with the requested ones, decided before it runs: for each rockspec
// dependency, LuaRocks keeps a version already in the tree that meets the constraints, else installs the newest
// version the server offers that does, else stops. A plan that says the same is a plan the real run follows.
import { newestFirst } from "../rock-version.js";
import { parseRockDependency, satisfies } from "../rock-constraints.js";
import { tryModuleName } from "../names.js";
import type { ModuleName } from "../types.js";

export type DependencyOutcome =
  /** LuaRocks would install this version from the server. */
  | { kind: "install"; version: string }
  /** In the tree already, at a version that meets the constraints. */
  | { kind: "installed"; version: string }
  /** Asked for in the same run, at a version that meets the constraints. */
  | { kind: "planned"; version: string }
  /** Lua itself, and Prosody's Lua meets the constraints. */
  | { kind: "lua" }
  /** A Lua library, not a Prosody module: LuaRocks installs it from the server or its default servers if the tree lacks it. */
  | { kind: "library" }
  /** What would stop the real run. */
  | { kind: "refused"; reason: string };

export interface DependencyDecision {
  name: string;
  /** The name as a module rock; undefined for Lua itself and Lua libraries. */
  rock: ModuleName | undefined;
  neededBy: ModuleName;
  neededByVersion: string;
  /** The constraints as written (`>= 2`), empty for any version. */
  constraint: string;
  outcome: DependencyOutcome;
}

export interface RockDependencyInput {
  /** The rocks the plan installs, at the version it installs. */
  requests: readonly { name: ModuleName; version: string }[];
  /** Every rock the server offers, with its versions. */
  offered: ReadonlyMap<ModuleName, readonly string[]>;
  /** The tree's rocks now, name → version. */
  installed: ReadonlyMap<ModuleName, string>;
  luaVersion: string;
  server: string;
  /** A rock version's rockspec dependencies as written; undefined when its rockspec cannot be read. */
  dependenciesOf: (name: ModuleName, version: string) => Promise<readonly string[] | undefined>;
}

export interface RockDependencyPlan {
  decisions: DependencyDecision[];
  /** Rock versions whose rockspec could not be read: their dependencies are unknown until LuaRocks runs. */
  unread: { name: ModuleName; version: string }[];
}

export async function planRockDependencies(input: RockDependencyInput): Promise<RockDependencyPlan> {
  const planned = new Map(input.requests.map((request) => [request.name, request.version] as const));
  const queue = [...input.requests];
  const decisions: DependencyDecision[] = [];
  const unread: RockDependencyPlan["unread"] = [];
  const visited = new Set<string>();
  for (let item = queue.shift(); item; item = queue.shift()) {
    const key = `${item.name}@${item.version}`;
    if (visited.has(key)) continue;
    visited.add(key);
    const texts = await input.dependenciesOf(item.name, item.version);
    if (!texts) {
      unread.push(item);
      continue;
    }
    for (const text of texts) {
      const decision = decide(text, item, planned, input);
      decisions.push(decision);
      if (decision.outcome.kind === "install" && decision.rock) {
        planned.set(decision.rock, decision.outcome.version);
        queue.push({ name: decision.rock, version: decision.outcome.version });
      }
    }
  }
  return { decisions, unread };
}

function decide(text: string, parent: { name: ModuleName; version: string }, planned: ReadonlyMap<ModuleName, string>, input: RockDependencyInput): DependencyDecision {
  const dependency = parseRockDependency(text);
  const base = { neededBy: parent.name, neededByVersion: parent.version };
  if (!dependency) return { ...base, name: text, rock: undefined, constraint: "", outcome: { kind: "refused", reason: `its rockspec has a dependency LuaRocks cannot read: '${text}'` } };
  const named = tryModuleName(dependency.name);
  const rock = named === dependency.name ? named : undefined;
  const decision = { ...base, name: dependency.name, rock, constraint: dependency.text };
  const meets = (version: string): boolean => satisfies(version, dependency.constraints);
  if (dependency.name === "lua") {
    return { ...decision, outcome: meets(input.luaVersion) ? { kind: "lua" } : { kind: "refused", reason: `it needs Lua ${dependency.text}; Prosody runs Lua ${input.luaVersion}` } };
  }
  if (!rock) return { ...decision, outcome: { kind: "library" } };
  const name = rock;
  const wanted = planned.get(name);
  if (wanted !== undefined) {
    return { ...decision, outcome: meets(wanted) ? { kind: "planned", version: wanted } : { kind: "refused", reason: `it needs ${name} ${dependency.text}, and this run installs ${name} ${wanted}` } };
  }
  const have = input.installed.get(name);
  if (have !== undefined && meets(have)) return { ...decision, outcome: { kind: "installed", version: have } };
  const versions = input.offered.get(name);
  if (!versions || versions.length === 0) return { ...decision, outcome: { kind: "refused", reason: `it needs ${name}, which ${input.server} does not offer` } };
  const version = newestFirst(versions).find(meets);
  if (version === undefined) {
    return { ...decision, outcome: { kind: "refused", reason: `it needs ${name} ${dependency.text}, and ${input.server} offers only ${versions.join(", ")}` } };
  }
  return { ...decision, outcome: { kind: "install", version } };
}

/** The refusals, one line each, naming the rock that needs the dependency. */
export function refusals(plan: RockDependencyPlan): string[] {
  return plan.decisions.flatMap((decision) => (decision.outcome.kind === "refused" ? [`${decision.neededBy} ${decision.neededByVersion}: ${decision.outcome.reason}`] : []));
}
