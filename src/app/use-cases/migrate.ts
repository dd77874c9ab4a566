import { failure } from "../../core/errors.js";
import { removeWithOrphans, upsert } from "../../core/model/desired.js";
import { resolveCommunityInstall } from "../../core/model/resolve-install.js";
import type { ModuleName, Source } from "../../core/types.js";
import { moduleHistory, resolveRevisions } from "../../sources/community/hg.js";
import { withRockDependencies } from "../rock-dependencies.js";
import { requireLuaRocks } from "../rocks-context.js";
import { serverRocks } from "../rocks-server.js";
import type { BeforeCommit } from "../model/apply-plan.js";
import type { Session } from "../session.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, openWorkspace } from "./workspace.js";

export interface MigrateRequest {
  name: ModuleName;
  to: Source;
  dryRun: boolean;
  force: boolean;
  /** The config edit the new source needs (its options, plugin_paths): the migration's last step, undone with it. */
  beforeCommit?: BeforeCommit;
}

export interface MigrateOutcome extends ConvergeOutcome {
  from: Source;
  /** The revision or version installed from the new source. */
  target: string;
  /** Why that revision (rocks → community): the one the rock was built from, or the newest. */
  note: string;
}

/**
 * The seed's Migration Guide in one plan: install from the other source, remove the old copy (and the dependencies
 * only it needed), all or nothing. Enablement is by module name, so the config needs no change beyond the options
 * the new source needs, which the caller adds.
 */
export async function migrateModule(session: Session, request: MigrateRequest): Promise<MigrateOutcome> {
  const from: Source = request.to === "rocks" ? "community" : "rocks";
  const catalogue = await session.catalogue();
  const workspace = await openWorkspace(session, catalogue);
  const current = from === "community" ? workspace.desired.community.get(request.name) : workspace.desired.rocks.get(request.name);
  if (!current) throw failure(`${request.name} is not installed from ${from} by prosody-manager`, "see 'prosody-manager module list'");
  const { lockfile: without, orphans } = removeWithOrphans(workspace.desired, from, [request.name], false);
  let desired = without;
  let target: string;
  let note: string;
  const scope = new Set<ModuleName>([request.name, ...orphans]);
  if (request.to === "rocks") {
    await requireLuaRocks(session.ctx.env);
    const available = new Map((await serverRocks(workspace.targets.rocks)).map((rock) => [rock.name, rock] as const));
    const version = available.get(request.name)?.versions[0];
    if (!version) throw failure(`there is no rock ${request.name} on ${workspace.targets.rocks.server}`, "it stays a community module");
    // The rock's dependencies are steps of the plan, as for 'module rocks install': the dry run shows them.
    const requested = new Map([[request.name, { version, pinned: false, reason: "requested" as const, treeHash: undefined, requires: [] }]]);
    const resolved = await withRockDependencies(requested, { target: workspace.targets.rocks, available, actual: workspace.actual, desired, reinstall: false });
    desired = upsert(desired, "rocks", resolved.entries);
    for (const name of resolved.entries.keys()) scope.add(name);
    target = version;
    note = "the newest version on the rocks server";
  } else {
    const modules = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module] as const));
    const version = workspace.desired.rocks.get(request.name)?.version ?? "";
    // Rock version N-1 is built from the N-th changeset that touched the module's directory.
    const count = Number(version.split("-")[0]);
    const history = await moduleHistory(workspace.targets.repo, request.name);
    const built = Number.isInteger(count) && count >= 1 ? history[count - 1] : undefined;
    const newest = await resolveRevisions(workspace.targets.repo, [...modules.values()].flatMap((module) => (module.revision ? [module.revision] : [])));
    const newestNode = (name: ModuleName): string | undefined => {
      const revision = modules.get(name)?.revision;
      return revision ? newest.get(revision)?.node : undefined;
    };
    const facts = await session.installation();
    const resolved = resolveCommunityInstall({
      requests: [{ name: request.name, revision: built }],
      catalogue: modules,
      newestNode,
      desired,
      withDependencies: true,
        prosodyVersion: facts.prosodyVersion,
    });
    const entry = resolved.entries.get(request.name);
    if (!entry) throw failure(`${request.name} is not in the community repository`);
    resolved.entries.set(request.name, { ...entry, pinned: false });
    desired = upsert(desired, "community", resolved.entries);
    for (const name of resolved.entries.keys()) scope.add(name);
    target = entry.revision;
    note = built ? `the revision rock ${version} was built from` : "the newest revision (no changeset matches the rock's version)";
  }
  const outcome = await converge(workspace.targets, workspace.actual, { desired, only: scope, dryRun: request.dryRun, force: request.force, beforeCommit: request.beforeCommit }, ioOf(session));
  return { ...outcome, from, target, note };
}
