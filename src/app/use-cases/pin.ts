import { failure, usageError } from "../../core/errors.js";
import { lockedSources, setPinned, upsert } from "../../core/model/desired.js";
import { isFullNode } from "../../core/model/lockfile.js";
import type { ModuleName, Source } from "../../core/types.js";
import { resolveRevision } from "../../sources/community/hg.js";
import { requirePresentAt } from "../revision-presence.js";
import type { Session } from "../session.js";
import { converge, type ConvergeOutcome } from "./converge.js";
import { ioOf, openWorkspace } from "./workspace.js";

export interface PinRequest {
  name: ModuleName;
  /** Pin at this revision (community) or version (rocks) instead of the installed one. */
  ref: string | undefined;
  /** Which copy, when the module is installed from both sources. */
  source: Source | undefined;
  pinned: boolean;
  force: boolean;
  dryRun: boolean;
}

export interface PinOutcome extends ConvergeOutcome {
  source: Source;
}

/** `module pin` / `module unpin`: a change of the lockfile, and of the files only when another revision is asked for. */
export async function setPin(session: Session, request: PinRequest): Promise<PinOutcome> {
  const workspace = await openWorkspace(session, undefined);
  const sources = lockedSources(workspace.desired, request.name);
  const candidates = request.source ? sources.filter((source) => source === request.source) : sources;
  if (candidates.length === 0) throw failure(`${request.name} is not installed by prosody-manager${request.source ? ` from ${request.source}` : ""}`, "see 'prosody-manager module list'");
  if (candidates.length > 1) throw usageError(`${request.name} is installed from both sources`, "say which with --source community or --source rocks");
  const source = candidates[0] as Source;
  let desired = setPinned(workspace.desired, source, request.name, request.pinned);
  if (request.ref !== undefined && source === "community") {
    const entry = workspace.desired.community.get(request.name);
    const resolved = await resolveRevision(workspace.targets.repo, request.ref);
    if (!entry || !resolved || !isFullNode(resolved.node)) throw failure(`unknown revision '${request.ref}' for ${request.name}`, "see 'prosody-manager module log'");
    await requirePresentAt(workspace.targets.repo, [{ name: request.name, node: resolved.node }], [request.name]);
    if (resolved.node !== entry.revision) desired = upsert(desired, "community", new Map([[request.name, { ...entry, revision: resolved.node, pinned: true, treeHash: undefined }]]));
  } else if (request.ref !== undefined) {
    const entry = workspace.desired.rocks.get(request.name);
    if (entry && request.ref !== entry.version) desired = upsert(desired, "rocks", new Map([[request.name, { ...entry, version: request.ref, pinned: true, treeHash: undefined, requires: [] }]]));
  }
  const outcome = await converge(workspace.targets, workspace.actual, { desired, only: new Set([request.name]), dryRun: request.dryRun, force: request.force }, ioOf(session));
  return { ...outcome, source };
}
