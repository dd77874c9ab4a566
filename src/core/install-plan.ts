import { failure } from "./errors.js";
import { compatibilityFor } from "./metadata/compatibility.js";
import { suggestNames } from "./search.js";
import type { CommunityModule, InstallReason, InstalledCommunityModule, ModuleName } from "./types.js";
import { WARN_STAGES } from "./types.js";

export interface InstallRequest {
  name: ModuleName;
  /** A revision the user asked for: installs pin to it. */
  revision: string | undefined;
  /** `update` re-requests installed dependencies without promoting them to requested. */
  reason?: InstallReason;
}

export type StepAction = "install" | "replace" | "keep";

export interface InstallStep {
  name: ModuleName;
  action: StepAction;
  /** What to export from the repository: a requested revision or the module's newest one. */
  revision: string;
  fromRevision: string | undefined;
  reason: InstallReason;
  pinned: boolean;
  requiredBy: ModuleName | undefined;
}

export interface InstallPlan {
  steps: InstallStep[];
  warnings: string[];
}

export interface InstallPlanInput {
  requests: readonly InstallRequest[];
  catalogue: ReadonlyMap<ModuleName, CommunityModule>;
  installed: ReadonlyMap<ModuleName, InstalledCommunityModule>;
  /** Installed modules whose files no longer match what was recorded. */
  modified: ReadonlySet<ModuleName>;
  withDependencies: boolean;
  /** Reinstall even what is already there at the wanted revision. */
  force: boolean;
  isBuiltin: (name: ModuleName) => boolean;
  prosodyVersion: string | undefined;
}

/** Decides what an install does, before anything is touched: the requested modules, then their missing dependencies. */
export function planInstall(input: InstallPlanInput): InstallPlan {
  const steps = new Map<ModuleName, InstallStep>();
  const warnings: string[] = [];
  const queue: { name: ModuleName; revision: string | undefined; reason: InstallReason; requiredBy: ModuleName | undefined }[] = [];

  for (const request of input.requests) {
    const module = input.catalogue.get(request.name);
    if (!module && request.revision === undefined) throw unknownModule(request.name, input.catalogue.keys());
    if (module && !module.hasCode && request.revision === undefined) {
      throw failure(
        `${request.name} has no code in the community repository${module.stage === "Merged" ? " (it was merged into Prosody)" : ""}`,
        `see 'prosody-manager module info ${request.name}'`,
      );
    }
    queue.push({ name: request.name, revision: request.revision, reason: request.reason ?? "requested", requiredBy: undefined });
  }

  while (queue.length > 0) {
    const item = queue.shift();
    if (!item || steps.has(item.name)) continue;
    const module = input.catalogue.get(item.name);
    const revision = item.revision ?? module?.revision;
    if (revision === undefined) throw failure(`${item.name} (needed by ${item.requiredBy ?? "?"}) is not in the community repository`);
    const current = input.installed.get(item.name);
    const isDependency = item.requiredBy !== undefined;
    const action = chooseAction(current, revision, input.force && !isDependency, input.modified.has(item.name), isDependency);
    steps.set(item.name, {
      name: item.name,
      action,
      revision: action === "keep" && current ? current.revision : revision,
      fromRevision: current?.revision,
      // A module the admin asked for stays "requested" even when something else also needs it.
      reason: current?.reason === "requested" ? "requested" : item.reason,
      pinned: item.revision !== undefined || (action === "keep" && current?.pinned === true),
      requiredBy: item.requiredBy,
    });
    if (module) warnings.push(...warningsFor(module, input));
    if (input.withDependencies && module) {
      for (const dependency of module.dependencies.community) {
        if (!steps.has(dependency)) queue.push({ name: dependency, revision: undefined, reason: "dependency", requiredBy: item.name });
      }
    }
  }
  return { steps: [...steps.values()], warnings };
}

function chooseAction(
  current: InstalledCommunityModule | undefined,
  revision: string,
  force: boolean,
  modified: boolean,
  isDependency: boolean,
): StepAction {
  if (!current) return "install";
  // An installed dependency already satisfies the need; moving it is `update`'s job.
  if (isDependency) return "keep";
  if (force || modified || current.revision !== revision) return "replace";
  return "keep";
}

export function warningsFor(module: CommunityModule, input: Pick<InstallPlanInput, "prosodyVersion" | "isBuiltin" | "withDependencies">): string[] {
  const out: string[] = [];
  if (module.stage && WARN_STAGES.includes(module.stage)) out.push(`${module.name} is marked Stage-${module.stage}`);
  if (module.supersededBy) out.push(`${module.name} is superseded by ${module.supersededBy}`);
  const compatibility = input.prosodyVersion ? compatibilityFor(module.compatibility, input.prosodyVersion) : undefined;
  if (compatibility?.works === false) out.push(`${module.name}'s README says "${compatibility.status}" for Prosody ${compatibility.version} (installed: ${input.prosodyVersion})`);
  if (input.isBuiltin(module.name)) {
    out.push(`${module.name} is also built into Prosody; the community copy will shadow the built-in one`);
  }
  if (module.dependencies.luaRequires.length > 0) {
    out.push(`${module.name} needs Lua libraries that you install yourself: ${module.dependencies.luaRequires.join(", ")}`);
  }
  if (module.dependencies.unknowable.length > 0) {
    out.push(`${module.name} loads modules chosen at run time (${module.dependencies.unknowable.join(", ")}); check its README`);
  }
  if (!input.withDependencies && module.dependencies.community.length > 0) {
    out.push(`${module.name} depends on ${module.dependencies.community.join(", ")} (not installed: --no-deps)`);
  }
  return out;
}

export function unknownModule(name: ModuleName, known: Iterable<string>): Error {
  const suggestions = suggestNames(known, name);
  return failure(
    `unknown module ${name}`,
    suggestions.length > 0 ? `did you mean ${suggestions.join(", ")}?` : "try 'prosody-manager module search <words>'",
  );
}
