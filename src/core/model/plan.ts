// Desired vs actual → the steps that make the machine match (npm Arborist's diff): pure, so --dry-run is the plan.
import type { Source } from "../types.js";
import type { InstallReason, ModuleName } from "../types.js";
import { type ActualState, rockLocalWork, sameRevision } from "./actual.js";
import type { Lockfile } from "./lockfile.js";

export type StepAction = "add" | "change" | "remove" | "keep";

export interface PlanStep {
  source: Source;
  name: ModuleName;
  action: StepAction;
  /** Revision (community) or version (rocks) on disk now. */
  from: string | undefined;
  /** What the step installs; undefined for removals. */
  to: string | undefined;
  /** Why, in words an admin reads in the plan. */
  why: string;
  pinned: boolean;
  reason: InstallReason;
  /** The tree hash the lockfile expects after the step, checked after export. */
  expectHash: string | undefined;
  /** Set when the step would destroy files prosody-manager did not write: it needs --force. */
  needsForce: string | undefined;
}

export interface Plan {
  steps: PlanStep[];
}

export interface DiffOptions {
  /** Only these modules are looked at; the rest is left alone whatever its drift. Undefined: everything. */
  only?: ReadonlySet<ModuleName>;
  /** Remove managed modules the lockfile does not hold (outside `only`, too). */
  prune?: boolean;
  /** Reinstall even what already matches. */
  reinstall?: ReadonlySet<ModuleName>;
  /**
   * Only this source is looked at: a name is one module in each source (a rock and a community copy of mod_x are two
   * copies), so installing one must not keep, reinstall or remove the other. Undefined: both.
   */
  source?: Source;
}

export function diffState(desired: Lockfile, actual: ActualState, options: DiffOptions = {}): Plan {
  const sourceInScope = (source: Source): boolean => options.source === undefined || options.source === source;
  const inScope = (name: ModuleName, source: Source): boolean => sourceInScope(source) && (!options.only || options.only.has(name));
  // A managed module the lockfile lacks goes only when named (remove, orphans) or with --prune: apply never guesses.
  const toRemove = (name: ModuleName, source: Source): boolean => sourceInScope(source) && (options.only?.has(name) === true || options.prune === true);
  const steps: PlanStep[] = [];

  for (const [name, want] of desired.community) {
    if (!inScope(name, "community")) continue;
    const have = actual.community.get(name);
    const base = { source: "community" as const, name, to: want.revision, pinned: want.pinned, reason: want.reason, expectHash: want.treeHash, from: have?.revision };
    if (!have || have.status === "missing") {
      steps.push({ ...base, action: "add", why: have ? "its directory is missing" : "not installed", needsForce: undefined });
    } else if (have.status === "unmanaged") {
      steps.push({ ...base, action: "change", why: "replaces a copy prosody-manager did not install", needsForce: `${have.path} was not installed by prosody-manager` });
    } else if (!sameRevision(have.revision, want.revision)) {
      steps.push({ ...base, action: "change", why: `revision ${short(have.revision)} → ${short(want.revision)}`, needsForce: modifiedNote(have.status, have.path) });
    } else if (have.status === "modified" || (want.treeHash && have.currentHash && want.treeHash !== have.currentHash)) {
      steps.push({ ...base, action: "change", why: "its files differ from the locked tree", needsForce: modifiedNote("modified", have.path) });
    } else if (options.reinstall?.has(name)) {
      steps.push({ ...base, action: "change", why: "reinstall requested", needsForce: undefined });
    } else {
      steps.push({ ...base, action: "keep", why: "up to date", needsForce: undefined });
    }
  }
  for (const [name, have] of actual.community) {
    if (desired.community.has(name) || have.status === "unmanaged" || !toRemove(name, "community")) continue;
    steps.push({
      source: "community", name, action: "remove", from: have.revision, to: undefined, pinned: have.pinned, reason: have.reason,
      why: options.only?.has(name) ? "no longer wanted" : "not in the lockfile (--prune)", expectHash: undefined, needsForce: modifiedNote(have.status, have.path),
    });
  }

  for (const [name, want] of desired.rocks) {
    if (!inScope(name, "rocks")) continue;
    const have = actual.rocks.get(name);
    // LuaRocks deletes the old version's files when it installs another, or the same one again: edits would be lost.
    const base = { source: "rocks" as const, name, to: want.version, pinned: want.pinned, reason: want.reason, expectHash: want.treeHash, from: have?.version, needsForce: have ? rockLocalWork(have) : undefined };
    if (!have) steps.push({ ...base, action: "add", why: "not installed" });
    else if (have.version !== want.version) steps.push({ ...base, action: "change", why: `version ${have.version} → ${want.version}` });
    else if (want.treeHash && want.treeHash !== have.currentHash) steps.push({ ...base, action: "change", why: "its files differ from the locked rock" });
    else if (options.reinstall?.has(name)) steps.push({ ...base, action: "change", why: "reinstall requested" });
    else steps.push({ ...base, action: "keep", why: "up to date" });
  }
  for (const [name, have] of actual.rocks) {
    if (desired.rocks.has(name) || !have.managed || !toRemove(name, "rocks")) continue;
    steps.push({
      source: "rocks", name, action: "remove", from: have.version, to: undefined, pinned: have.pinned, reason: have.reason,
      why: options.only?.has(name) ? "no longer wanted" : "not in the lockfile (--prune)", expectHash: undefined, needsForce: rockLocalWork(have),
    });
  }
  return { steps: orderSteps(steps, desired, actual) };
}

/**
 * Rocks are installed dependencies first, so LuaRocks finds the locked version already there instead of fetching the
 * newest, and removed dependents first, so LuaRocks never refuses a removal that would break another rock.
 */
function orderSteps(steps: PlanStep[], desired: Lockfile, actual: ActualState): PlanStep[] {
  const requiresOf = (step: PlanStep): readonly ModuleName[] =>
    step.action === "remove" ? (actual.rocks.get(step.name)?.requires ?? []) : (desired.rocks.get(step.name)?.requires ?? []);
  const rockSteps = steps.filter((step) => step.source === "rocks");
  const depth = new Map<ModuleName, number>();
  const depthOf = (name: ModuleName, seen: Set<ModuleName>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    const step = rockSteps.find((candidate) => candidate.name === name);
    const requires = step ? requiresOf(step) : (desired.rocks.get(name)?.requires ?? actual.rocks.get(name)?.requires ?? []);
    const value = requires.reduce((max, dependency) => Math.max(max, depthOf(dependency, seen) + 1), 0);
    depth.set(name, value);
    return value;
  };
  const byName = (a: PlanStep, b: PlanStep): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const installs = rockSteps.filter((step) => step.action !== "remove").sort((a, b) => depthOf(a.name, new Set()) - depthOf(b.name, new Set()) || byName(a, b));
  const removals = rockSteps.filter((step) => step.action === "remove").sort((a, b) => depthOf(b.name, new Set()) - depthOf(a.name, new Set()) || byName(a, b));
  const community = steps.filter((step) => step.source === "community").sort(byName);
  return [...community, ...removals, ...installs];
}

function modifiedNote(status: string, path: string): string | undefined {
  return status === "modified" ? `${path} has local changes` : undefined;
}

export function short(revision: string | undefined): string {
  return revision ? revision.slice(0, 12) : "?";
}

/** Steps that change something: what --dry-run lists and apply runs. */
export function changes(plan: Plan): PlanStep[] {
  return plan.steps.filter((step) => step.action !== "keep");
}
