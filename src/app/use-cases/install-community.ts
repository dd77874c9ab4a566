import { failure } from "../../core/errors.js";
import { builtinNotOffered } from "../../core/install-warnings.js";
import { isFullNode } from "../../core/model/lockfile.js";
import { resolveCommunityInstall, type CommunityInstallItem } from "../../core/model/resolve-install.js";
import type { ModuleName } from "../../core/types.js";
import { resolveRevision } from "../../sources/community/hg.js";
import { requirePresentAt } from "../revision-presence.js";
import type { BeforeCommit } from "../model/apply-plan.js";
import { newestCommunity } from "../model/newest-community.js";
import type { Session } from "../session.js";
import type { ConvergeOutcome } from "./converge.js";
import { convergeInstall } from "./converge-install.js";
import { openWorkspace } from "./workspace.js";

export interface CommunityInstallRequest {
  /** Names, with the revision spec the admin typed (hash, number, tag) when there is one. */
  modules: readonly { name: ModuleName; revision: string | undefined }[];
  withDependencies: boolean;
  /** Reinstall what is already there, and replace local work (kept in a backup). */
  force: boolean;
  dryRun: boolean;
  /** The config edit that goes with the install (options, --enable): if it fails, nothing is installed. */
  beforeCommit?: BeforeCommit;
}

export interface CommunityInstallOutcome extends ConvergeOutcome {
  warnings: string[];
  requiredBy: Map<ModuleName, ModuleName>;
  communityDir: string;
}

export async function installCommunity(session: Session, request: CommunityInstallRequest): Promise<CommunityInstallOutcome> {
  const catalogue = await session.catalogue();
  const workspace = await openWorkspace(session, catalogue);
  const { repo } = workspace.targets;
  const requests: CommunityInstallItem[] = [];
  for (const item of request.modules) requests.push({ name: item.name, revision: item.revision === undefined ? undefined : await fullRevision(repo, item.name, item.revision) });
  const modules = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module] as const));
  const isBuiltin = await session.isBuiltin();
  const builtinOnly = request.modules.find((item) => item.revision === undefined && !modules.has(item.name) && isBuiltin(item.name));
  if (builtinOnly) throw builtinNotOffered(builtinOnly.name, "the community repository");
  await requirePresentAt(repo, requests.flatMap((item) => (item.revision ? [{ name: item.name, node: item.revision }] : [])), modules.keys());
  const { newest, atParent } = await newestCommunity(repo, catalogue);
  const facts = await session.installation();
  const plan = resolveCommunityInstall({
    requests,
    catalogue: modules,
    newestNode: (name) => {
      const revision = modules.get(name)?.revision;
      return revision ? newest.get(revision)?.node : undefined;
    },
    desired: workspace.desired,
    withDependencies: request.withDependencies,
    prosodyVersion: facts.prosodyVersion,
  });
  const requested = new Set(requests.map((item) => item.name));
  const { shadowing, ...outcome } = await convergeInstall(session, workspace, "community", plan.entries, requested, { ...request, atParent });
  return { ...outcome, warnings: [...plan.warnings, ...shadowing], requiredBy: plan.requiredBy, communityDir: workspace.targets.communityDir };
}

/** A revision spec the admin typed, as the full changeset hash hg knows it by; never the working directory's id. */
async function fullRevision(repo: string, name: ModuleName, spec: string): Promise<string> {
  const resolved = await resolveRevision(repo, spec);
  if (!resolved || !isFullNode(resolved.node)) {
    throw failure(`unknown revision '${spec}' for ${name}`, "run 'prosody-manager module sync' if it is newer than the cache");
  }
  return resolved.node;
}
