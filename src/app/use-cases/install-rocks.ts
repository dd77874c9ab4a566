import { failure, UserError } from "../../core/errors.js";
import type { LockedRock } from "../../core/model/lockfile.js";
import { builtinNotOffered, unknownModule } from "../../core/install-warnings.js";
import type { ModuleName } from "../../core/types.js";
import type { RockDependencyPlan } from "../../core/model/rock-dependencies.js";
import { withRockDependencies } from "../rock-dependencies.js";
import { requireLuaRocks } from "../rocks-context.js";
import { serverRocks } from "../rocks-server.js";
import type { BeforeCommit } from "../model/apply-plan.js";
import type { Session } from "../session.js";
import type { ConvergeOutcome } from "./converge.js";
import { convergeInstall } from "./converge-install.js";
import { openWorkspace } from "./workspace.js";

export interface RocksInstallRequest {
  /** A version the admin asked for pins the rock. */
  rocks: readonly { name: ModuleName; version: string | undefined }[];
  force: boolean;
  dryRun: boolean;
  /** The config edit that goes with the install (options, --enable): if it fails, nothing is installed. */
  beforeCommit?: BeforeCommit;
}

export interface RocksInstallOutcome extends ConvergeOutcome {
  /** What the rocks do to other copies of the same modules (they load first). */
  warnings: string[];
  server: string;
  tree: string;
  /** What each installed rock's rockspec needs, and what LuaRocks would do about it. */
  dependencies: RockDependencyPlan;
}

/**
 * `luarocks install` as prosodyctl runs it, through the plan: the dependencies LuaRocks would install are steps of
 * the plan (read from the rockspecs), installed first; the tree is put back on failure.
 */
export async function installRocks(session: Session, request: RocksInstallRequest): Promise<RocksInstallOutcome> {
  const workspace = await openWorkspace(session, undefined);
  const target = workspace.targets.rocks;
  await requireLuaRocks(session.ctx.env);
  const available = new Map((await serverRocks(target)).map((rock) => [rock.name, rock] as const));
  const entries = new Map<ModuleName, LockedRock>();
  const isBuiltin = await session.isBuiltin();
  for (const item of request.rocks) {
    const rock = available.get(item.name);
    if (!rock && isBuiltin(item.name)) throw builtinNotOffered(item.name, target.server);
    if (!rock) {
      const suggestion = unknownModule(item.name, available.keys());
      throw failure(`no rock ${item.name} on ${target.server}`, suggestion instanceof UserError ? suggestion.hint : undefined);
    }
    if (item.version && !rock.versions.includes(item.version)) {
      throw failure(`${item.name} has no version ${item.version} on ${target.server}`, `available: ${rock.versions.join(", ")}`);
    }
    const version = item.version ?? rock.versions[0];
    if (!version) throw failure(`${item.name} has no versions on ${target.server}`);
    const locked = workspace.desired.rocks.get(item.name);
    const same = locked?.version === version;
    entries.set(item.name, {
      version,
      pinned: item.version !== undefined,
      reason: "requested",
      treeHash: same ? locked.treeHash : undefined,
      requires: same ? locked.requires : [],
    });
  }
  const requested = new Set(entries.keys());
  const resolved = await withRockDependencies(entries, { target, available, actual: workspace.actual, desired: workspace.desired, reinstall: request.force });
  const { shadowing: warnings, ...outcome } = await convergeInstall(session, workspace, "rocks", resolved.entries, requested, request);
  return { ...outcome, warnings, server: target.server, tree: target.tree, dependencies: resolved.dependencies };
}
