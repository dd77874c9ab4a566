import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { Catalogue, ModuleName } from "../core/types.js";
import { archiveModules, resolveRevision, resolveRevisions } from "../sources/community/hg.js";
import { cleanAt, workingCopyParent } from "../sources/community/working-copy.js";
import { exists } from "../system/fs-atomic.js";

export interface ExportRequest {
  name: ModuleName;
  /** A revision spec; plans carry 12-digit hashes. */
  revision: string;
}

/**
 * The catalogue's tip and each module's newest revision as of it. A module's files at its newest revision are its
 * files at the tip (nothing touched the directory in between), so every such module comes from one export at the
 * tip, or from the working copy when it is checked out there and clean, whatever their own revisions.
 */
export interface CatalogueTip {
  revision: string;
  newest: ReadonlyMap<ModuleName, string | undefined>;
}

export function catalogueTipOf(catalogue: Catalogue): CatalogueTip | undefined {
  const community = catalogue.community;
  if (!community?.revision) return undefined;
  return { revision: community.revision, newest: new Map(community.modules.map((module) => [module.name, module.revision])) };
}

export interface Exported {
  dir: string;
  /** The short hash of the requested revision: what the state records. */
  short: string;
}

const HASH = /^([0-9a-f]{12}|[0-9a-f]{40})$/;

/** Exports every module below `staging` with one hg run per distinct revision, or none from a clean working copy. */
export async function exportModules(repo: string, staging: string, requests: readonly ExportRequest[], tip?: CatalogueTip): Promise<Map<ModuleName, Exported>> {
  // A hash is its own short form; only numbers and tags need hg to say which changeset they mean.
  const named = await resolveRevisions(repo, requests.map((request) => request.revision).filter((revision) => !HASH.test(revision)));
  const groups = new Map<string, { short: Map<ModuleName, string> }>();
  for (const request of requests) {
    const short = HASH.test(request.revision) ? request.revision.slice(0, 12) : named.get(request.revision)?.short;
    if (!short) throw unknownRevision(request.revision);
    const from = tip && tip.newest.get(request.name) === short ? tip.revision : short;
    const group = groups.get(from) ?? { short: new Map<ModuleName, string>() };
    group.short.set(request.name, short);
    groups.set(from, group);
  }
  const parent = await workingCopyParent(repo);
  const out = new Map<ModuleName, Exported>();
  let count = 0;
  for (const [revision, group] of groups) {
    const names = [...group.short.keys()];
    const dest = path.join(staging, `export-${count++}`);
    // Modules hg left clean in the working copy are copied; only the rest (if any) costs an hg run.
    const copied = new Set<ModuleName>();
    if (parent?.startsWith(revision)) {
      for (const name of names) if (await cleanAt(repo, parent, [name])) copied.add(name);
    }
    for (const name of copied) await fs.cp(path.join(repo, name), path.join(dest, name), { recursive: true });
    const archived = names.filter((name) => !copied.has(name));
    if (archived.length > 0) {
      await archiveModules(repo, revision, archived, dest).catch(async () => {
        if (!(await resolveRevision(repo, revision))) throw unknownRevision(revision);
        throw failure(`${archived.join(", ")} ${archived.length === 1 ? "does" : "do"} not exist at revision ${revision}`);
      });
    }
    for (const [name, short] of group.short) {
      const dir = path.join(dest, name);
      if (!(await exists(dir))) throw failure(`${name} does not exist at revision ${short}`);
      out.set(name, { dir, short });
    }
  }
  return out;
}

function unknownRevision(revision: string): Error {
  return failure(`unknown revision '${revision}' in the community repository`, "see 'hg log' in the cache, or run 'prosody-manager module sync'");
}
