import path from "node:path";
import type { ModuleChangeset } from "../core/changes.js";
import { rockVersionsAfter } from "../core/changes.js";
import { failure } from "../core/errors.js";
import { unknownModule } from "../core/install-warnings.js";
import { tryRevision } from "../core/revision.js";
import { catalogueEntries } from "../core/search.js";
import type { Catalogue, ModuleName } from "../core/types.js";
import { moduleLog } from "../sources/community/hg-log.js";
import { exists } from "../system/fs-atomic.js";
import { readCatalogue } from "./catalogue-store.js";
import { communityRepoPath } from "./community-sync.js";
import { installedRocks, rocksTarget } from "./rocks-context.js";
import type { Session } from "./session.js";
import { readState } from "./state-store.js";

export interface LoggedChangeset extends ModuleChangeset {
  /** The rock version built from this changeset (`N-1` for the N-th change of the directory), when published. */
  rockVersion: string | undefined;
  installed: boolean;
}

export interface ModuleHistory {
  name: ModuleName;
  /** The cache's tip at the last sync. */
  tip: string;
  installed: { source: "community" | "rocks"; revision: string } | undefined;
  changesets: LoggedChangeset[];
}

export interface ModuleChanges {
  name: ModuleName;
  tip: string;
  /** Where the changes start: the installed revision, `--from`, or the changeset an installed rock was built from. */
  from: { revision: string; origin: "installed" | "option" | "rock" };
  changesets: LoggedChangeset[];
  /** For an installed rock: its version and the newer ones in the synced catalogue. */
  rock: { installed: string; newer: string[] } | undefined;
}

async function requireCache(session: Session): Promise<{ repo: string; catalogue: Catalogue }> {
  const catalogue = await readCatalogue(session.settings.cacheDir);
  const repo = communityRepoPath(session.settings.cacheDir);
  if (!catalogue?.community || !(await exists(path.join(repo, ".hg")))) {
    throw failure("no cached community repository yet", "run 'prosody-manager module sync' first");
  }
  return { repo, catalogue };
}

async function installedCommunityRevision(session: Session, name: ModuleName): Promise<string | undefined> {
  const state = await readState((await session.settings.communityDir()).value, session.ctx.log).catch(() => undefined);
  // Recorded in full since the lockfile; shown and compared in hg's short form, as the log prints it.
  return state?.modules.find((module) => module.name === name)?.revision.slice(0, 12);
}

/** The module's whole history, newest first, each changeset marked with its rock version and whether it is installed. */
export async function loadModuleHistory(session: Session, name: ModuleName, limit?: number): Promise<ModuleHistory> {
  const { repo, catalogue } = await requireCache(session);
  const changesets = await moduleLog(repo, { dir: name, limit });
  const known = catalogueEntries(catalogue);
  if (changesets.length === 0 && !known.has(name)) throw unknownModule(name, known.keys());
  const revision = await installedCommunityRevision(session, name);
  const total = limit === undefined ? changesets.length : catalogue.community?.modules.find((module) => module.name === name)?.changesets ?? changesets.length;
  const published = new Set(known.get(name)?.rock?.versions ?? []);
  return {
    name,
    tip: catalogue.community?.revision ?? "",
    installed: revision ? { source: "community", revision } : undefined,
    changesets: changesets.map((changeset, index) => mark(changeset, total - index, published, revision)),
  };
}

/**
 * What updating the module would bring: changesets of its directory after the installed revision (or `from`) up to
 * the cache's tip; for an installed rock, the newer published versions and the changesets they were built from.
 */
export async function loadModuleChanges(session: Session, name: ModuleName, options: { from?: string; diff?: boolean }): Promise<ModuleChanges> {
  const { repo, catalogue } = await requireCache(session);
  const known = catalogueEntries(catalogue);
  const entry = known.get(name);
  const tip = catalogue.community?.revision ?? "";
  const published = new Set(entry?.rock?.versions ?? []);
  let from: ModuleChanges["from"] | undefined = options.from ? { revision: options.from, origin: "option" } : undefined;
  let rock: ModuleChanges["rock"];
  if (!from) {
    const revision = await installedCommunityRevision(session, name);
    const valid = revision ? tryRevision(revision) : undefined;
    if (valid) from = { revision: valid, origin: "installed" };
  }
  if (!from) {
    const installedRock = (await installedRocks(await rocksTarget(session), session.ctx.env)).find((item) => item.name === name);
    if (installedRock) {
      if (!entry) throw unknownModule(name, known.keys());
      rock = { installed: installedRock.version, newer: rockVersionsAfter(entry.rock?.versions ?? [], installedRock.version) };
      return { name, tip, from: { revision: installedRock.version, origin: "rock" }, changesets: await changesAfterRock(repo, name, installedRock.version, published, options.diff), rock };
    }
  }
  if (!from) {
    if (!entry) throw unknownModule(name, known.keys());
    throw failure(`${name} is not installed`, `pass --from REV to see the changes since a revision ('prosody-manager module log ${name}' lists them)`);
  }
  const all = await moduleLog(repo, { dir: name, after: from.revision, patch: options.diff });
  if (!entry && all.length === 0) throw unknownModule(name, known.keys());
  const total = entry?.community?.changesets ?? all.length;
  return { name, tip, from, changesets: all.map((changeset, index) => mark(changeset, total - index, published, undefined)), rock };
}

/** A rock `N-R` was built from the N-th changeset of the directory, so the changes are those after it. */
async function changesAfterRock(repo: string, name: ModuleName, version: string, published: Set<string>, diff: boolean | undefined): Promise<LoggedChangeset[]> {
  const position = Number.parseInt(version, 10);
  const all = await moduleLog(repo, { dir: name, patch: diff });
  const marked = all.map((changeset, index) => mark(changeset, all.length - index, published, undefined));
  return Number.isFinite(position) ? marked.slice(0, Math.max(0, all.length - position)) : marked;
}

function mark(changeset: ModuleChangeset, position: number, published: Set<string>, installed: string | undefined): LoggedChangeset {
  const rockVersion = `${position}-1`;
  return {
    ...changeset,
    rockVersion: published.has(rockVersion) ? rockVersion : undefined,
    installed: installed !== undefined && (changeset.node.startsWith(installed) || changeset.short === installed),
  };
}

/**
 * What each replaced community module would bring (for `module update --dry-run`): its changesets after the installed
 * revision, newest first. A module whose history cannot be read is left out: a preview never fails the plan.
 */
export async function previewCommunityChanges(session: Session, replaced: readonly { name: ModuleName; fromRevision: string | undefined }[]): Promise<Map<ModuleName, ModuleChangeset[]>> {
  const repo = communityRepoPath(session.settings.cacheDir);
  const out = new Map<ModuleName, ModuleChangeset[]>();
  for (const item of replaced) {
    const after = item.fromRevision ? tryRevision(item.fromRevision) : undefined;
    if (!after) continue;
    try {
      out.set(item.name, await moduleLog(repo, { dir: item.name, after }));
    } catch {
      // left out: the plan itself is still right
    }
  }
  return out;
}
