import { failure } from "../core/errors.js";
import type { ActualState } from "../core/model/actual.js";
import type { LockedRock, Lockfile } from "../core/model/lockfile.js";
import { planRockDependencies, refusals, type RockDependencyPlan } from "../core/model/rock-dependencies.js";
import type { ModuleName, RockModule } from "../core/types.js";
import { serverRockDependencies } from "../sources/rocks/rockspec.js";
import type { RocksTarget } from "./rocks-context.js";

export interface WithDependencies {
  /** The requested rocks plus the dependencies LuaRocks would install, each requested one knowing what it requires. */
  entries: Map<ModuleName, LockedRock>;
  dependencies: RockDependencyPlan;
}

/**
 * The rocks LuaRocks would install along with `requested`, read from their rockspecs on the server, made part of the
 * plan: the dry run lists them, the real run installs exactly them (dependencies first, at the version shown), and
 * what would stop LuaRocks stops the plan, dry run or not, before anything is touched.
 */
export async function withRockDependencies(
  requested: ReadonlyMap<ModuleName, LockedRock>,
  context: { target: RocksTarget; available: ReadonlyMap<ModuleName, RockModule>; actual: ActualState; desired: Lockfile; reinstall: boolean },
): Promise<WithDependencies> {
  const { target, actual, desired } = context;
  const installs = [...requested].filter(([name, entry]) => context.reinstall || actual.rocks.get(name)?.version !== entry.version);
  const dependencies = await planRockDependencies({
    requests: installs.map(([name, entry]) => ({ name, version: entry.version })),
    offered: new Map([...context.available].map(([name, rock]) => [name, rock.versions] as const)),
    installed: new Map([...actual.rocks].map(([name, rock]) => [name, rock.version] as const)),
    luaVersion: target.luaVersion,
    server: target.server,
    dependenciesOf: (name, version) => serverRockDependencies(target.server, name, version),
  });
  const refused = refusals(dependencies);
  if (refused.length > 0) {
    throw failure(`LuaRocks would refuse this install: ${refused.join("; ")}`, "nothing was changed; install or publish the missing rock first, or pick another version (name@version)");
  }
  const entries = new Map(requested);
  for (const decision of dependencies.decisions) {
    if (decision.outcome.kind !== "install" || !decision.rock) continue;
    const name = decision.rock;
    const locked = desired.rocks.get(name);
    // A dependency the lockfile already holds keeps its pin and reason; a new one is recorded as a dependency.
    entries.set(name, { version: decision.outcome.version, pinned: locked?.pinned ?? false, reason: locked?.reason ?? "dependency", treeHash: locked?.version === decision.outcome.version ? locked.treeHash : undefined, requires: [] });
  }
  // What each rock requires orders the plan: dependencies are installed before the rocks that need them.
  for (const [name, entry] of entries) {
    const requires = dependencies.decisions.flatMap((decision) => (decision.neededBy === name && decision.rock ? [decision.rock] : []));
    if (requires.length > 0) entries.set(name, { ...entry, requires: [...new Set([...entry.requires, ...requires])].sort() });
  }
  return { entries, dependencies };
}
