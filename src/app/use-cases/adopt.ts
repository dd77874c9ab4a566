import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { failure } from "../../core/errors.js";
import { upsert } from "../../core/model/desired.js";
import type { LockedCommunityModule } from "../../core/model/lockfile.js";
import { updateState } from "../../core/state.js";
import type { InstalledCommunityModule, ModuleName } from "../../core/types.js";
import { archiveModules, moduleHistory } from "../../sources/community/hg.js";
import { fileHashes } from "../../system/tree-hash.js";
import { writeLockfile } from "../model/lockfile-store.js";
import type { Session } from "../session.js";
import { readState, writeState } from "../state-store.js";
import { openWorkspace } from "./workspace.js";

export interface AdoptRequest {
  /** Empty: every unmanaged module directory. */
  names: readonly ModuleName[];
  /** Adopt at the nearest revision when none matches exactly (the module then shows as modified). */
  nearest: boolean;
  dryRun: boolean;
}

export interface AdoptResult {
  name: ModuleName;
  /** The matching (or, with --nearest, nearest) revision; undefined when none was found. */
  revision: string | undefined;
  exact: boolean;
  identicalFiles: number;
  totalFiles: number;
  adopted: boolean;
}

/**
 * Modules copied in by hand or by a script become managed: the revision whose tree matches the directory's files
 * exactly is found in the module's history and recorded, so update, verify and the lockfile cover it. Files are not
 * touched.
 */
export async function adoptModules(session: Session, request: AdoptRequest): Promise<AdoptResult[]> {
  const catalogue = await session.catalogue();
  const workspace = await openWorkspace(session, catalogue);
  const unmanaged = [...workspace.actual.community.values()].filter((module) => module.status === "unmanaged");
  const names = request.names.length > 0 ? request.names : unmanaged.map((module) => module.name);
  for (const name of request.names) {
    const have = workspace.actual.community.get(name);
    if (!have) throw failure(`there is no ${name} in ${workspace.targets.communityDir}`);
    if (have.status !== "unmanaged") throw failure(`${name} is already managed by prosody-manager`, "see 'prosody-manager module verify'");
  }
  const results: AdoptResult[] = [];
  const entries = new Map<ModuleName, LockedCommunityModule>();
  const records: InstalledCommunityModule[] = [];
  const dependsOn = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module.dependencies.community] as const));
  for (const name of names) {
    const dir = path.join(workspace.targets.communityDir, name);
    const found = await findRevision(workspace.targets.repo, name, dir);
    const adopt = found.revision !== undefined && (found.exact || request.nearest);
    results.push({ name, ...found, adopted: adopt && !request.dryRun });
    if (!adopt || !found.revision) continue;
    entries.set(name, { revision: found.revision, pinned: false, reason: "requested", treeHash: found.exact ? found.treeHash : undefined, requires: [...(dependsOn.get(name) ?? [])].sort() });
    records.push({ name, source: "community", revision: found.revision, pinned: false, treeHash: found.treeHash, reason: "requested", installedAt: session.ctx.now().toISOString(), path: dir });
  }
  if (!request.dryRun && records.length > 0) {
    const state = await readState(workspace.targets.communityDir);
    await writeState(workspace.targets.communityDir, updateState(state, records, []));
    await writeLockfile(workspace.targets.lockfilePath, upsert(workspace.desired, "community", entries));
  }
  return results;
}

interface Found {
  revision: string | undefined;
  exact: boolean;
  identicalFiles: number;
  totalFiles: number;
  /** The hash of the directory as it is. */
  treeHash: string;
}

/** Newest first, so a module unchanged for years matches the revision that last touched it. */
async function findRevision(repo: string, name: ModuleName, dir: string): Promise<Found> {
  const local = await fileHashes(dir);
  const history = (await moduleHistory(repo, name)).reverse();
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "pm-adopt-"));
  let best: Omit<Found, "treeHash"> = { revision: undefined, exact: false, identicalFiles: 0, totalFiles: local.files.size };
  try {
    for (const [index, node] of history.entries()) {
      const dest = path.join(scratch, String(index));
      await archiveModules(repo, node, [name], dest).catch(() => undefined);
      const candidate = await fileHashes(path.join(dest, name)).catch(() => undefined);
      if (!candidate) continue;
      if (candidate.treeHash === local.treeHash) return { revision: node, exact: true, identicalFiles: local.files.size, totalFiles: local.files.size, treeHash: local.treeHash };
      const identical = [...local.files].filter(([file, hash]) => candidate.files.get(file) === hash).length;
      if (identical > best.identicalFiles) best = { revision: node, exact: false, identicalFiles: identical, totalFiles: local.files.size };
      await fs.rm(dest, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return { ...best, treeHash: local.treeHash };
}
