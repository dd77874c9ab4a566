import { promises as fs } from "node:fs";
import path from "node:path";
import { type DirectoryHistory, type DirectoryHistoryFold, directoryHistory } from "../core/history.js";
import type { Catalogue, CatalogueProblem, CommunityModule, ModuleName } from "../core/types.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { clone, isUnrelatedRepository, pullAndUpdate, resolveRevision, updateToTip } from "../sources/community/hg.js";
import { type PullCheckOptions, tipWithNothingToPull } from "../sources/community/pull-check.js";
import { changesetFilesAfter, historyOfDirectories } from "../sources/community/repository-history.js";
import { listModuleDirs, listModules, readListedModule } from "../sources/community/scan.js";
import { workingCopyParent } from "../sources/community/working-copy.js";

export function communityRepoPath(cacheDir: string): string {
  return path.join(cacheDir, "community");
}

export interface FetchOutcome {
  /** "checked": the upstream's heads were all in the cache already, so no hg ran. */
  action: "cloned" | "pulled" | "checked";
  /** The tip before a pull; the tip after is read by the index, which logs the history anyway. */
  before: string | undefined;
  /** False when nothing was new (to the pull, or to the heads check before it): the previous index still describes the cache. */
  changed: boolean;
  /** A new clone's history, read from its store while hg wrote the working copy. */
  history?: DirectoryHistoryFold;
  /** The cache held a clone of another repository, unrelated to the URL's, and was cloned again from the URL. */
  replacedUnrelated?: boolean;
}

export interface FetchOptions {
  /** hg's own progress (`files 120/2461`). */
  onProgress?: (detail: string) => void;
  /** Called once hg has started (not when none runs). */
  onStarted?: () => void;
  /** How the upstream is asked for its heads before a pull. */
  check: PullCheckOptions;
}

/**
 * Clones into a staging directory renamed into place, or pulls into the existing clone, unless the clone holds every
 * head of the upstream already. Either way a failure leaves the previous cache exactly as it was: hg pull is
 * transactional, and a half clone is never renamed in.
 */
export async function fetchCommunity(cacheDir: string, url: string, options: FetchOptions): Promise<FetchOutcome> {
  const { onProgress, onStarted } = options;
  const repo = communityRepoPath(cacheDir);
  if (!(await exists(path.join(repo, ".hg")))) {
    await fs.mkdir(cacheDir, { recursive: true });
    return { action: "cloned", before: undefined, changed: true, history: await cloneInPlaceOf(repo, url, onProgress, onStarted) };
  }
  // Every sync leaves the working copy at tip, so the dirstate names the tip without starting hg.
  const parent = await workingCopyParent(repo);
  const before = parent?.slice(0, 12) ?? (await resolveRevision(repo, "tip"))?.short;
  const tip = await tipWithNothingToPull(repo, url, options.check);
  if (tip !== undefined && tip === parent) return { action: "checked", before, changed: false };
  if (tip !== undefined) {
    // Nothing to pull, but the working copy is behind the tip (a pull stopped before its update): moved there now.
    await updateToTip(repo, onProgress);
    return { action: "pulled", before, changed: true };
  }
  const pulling = pullAndUpdate(repo, url, onProgress);
  // hg is running from here on: work of our own now overlaps it instead of delaying it.
  onStarted?.();
  try {
    const { changed } = await pulling;
    return { action: "pulled", before, changed };
  } catch (error) {
    // The URL names another repository than the one the cache was cloned from (a fork or mirror made anew rather than
    // cloned, a converted one): hg refuses to pull from it, and would at every sync. The cache is a copy of the
    // repository the admin names, so it is cloned again; the previous clone stays until the new one is complete.
    if (!isUnrelatedRepository(error)) throw error;
    return { action: "cloned", before, changed: true, history: await cloneInPlaceOf(repo, url, onProgress), replacedUnrelated: true };
  }
}

/** A clone of `url` made in a staging directory, then renamed over `repo`: a half clone is never in place. */
async function cloneInPlaceOf(repo: string, url: string, onProgress?: (detail: string) => void, onStarted?: () => void): Promise<DirectoryHistoryFold> {
  const staging = siblingPath(repo, "clone");
  try {
    const history = await cloneWithHistory(url, staging, onProgress, onStarted);
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rename(staging, repo);
    return history;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * A clone of `url` at tip in `dest`, and its history. A second hg writes the working copy while the history is read
 * from the store the clone wrote: that read (0.3 s at upstream's 6 000 changesets) then costs no time, and hg's second
 * start less than it did.
 */
async function cloneWithHistory(url: string, dest: string, onProgress?: (detail: string) => void, onStarted?: () => void): Promise<DirectoryHistoryFold> {
  const cloning = clone(url, dest, onProgress);
  onStarted?.();
  await cloning;
  const updating = updateToTip(dest, onProgress);
  const reading = afterQueued().then(() => historyOfDirectories(dest));
  // Both end before the caller may remove the directory, whichever fails.
  const [updated, read] = await Promise.allSettled([updating, reading]);
  if (updated.status === "rejected") throw updated.reason;
  if (read.status === "rejected") throw read.reason;
  return read.value;
}

/** Lets what is already queued (a child process's start) happen before synchronous work of ours holds the thread. */
function afterQueued(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

type IsBuiltin = (name: ModuleName) => boolean;

type CommunityIndex = { community: NonNullable<Catalogue["community"]>; problems: CatalogueProblem[] };

/** Module directories listed together: enough to keep the disk busy. Their files are then read one module at a time. */
const BATCH = 64;

/**
 * Reads the cached working copy into the community half of the catalogue. Given the index of an earlier tip of the
 * same repository, only the directories that the changesets since then touched are read again; given the history
 * already read (a new clone's), the whole history is not read again.
 */
export async function indexCommunity(
  cacheDir: string,
  url: string,
  isBuiltin: IsBuiltin | Promise<IsBuiltin>,
  previous?: { community: NonNullable<Catalogue["community"]>; problems: readonly CatalogueProblem[] },
  known?: DirectoryHistoryFold,
): Promise<CommunityIndex> {
  const repo = communityRepoPath(cacheDir);
  // The readers (yaml among them) load while hg reads the log below, not after it.
  import("../core/catalogue-build.js").catch(() => undefined);
  if (previous && previous.community.url === url && previous.community.revision) {
    const since = await changesetFilesAfter(repo, previous.community.revision).catch(() => undefined);
    if (since) return indexIncrementally(repo, url, isBuiltin, previous, since);
  }
  // Without the history, it is read (from the changelog, or by hg while the modules are read); filled in after.
  const logged = known ? Promise.resolve(known) : historyOfDirectories(repo);
  logged.catch(() => undefined);
  const dirs = await listModuleDirs(repo);
  const index = await indexDirs(repo, dirs, new Set(dirs), new Map(), isBuiltin);
  const history = await logged;
  withHistory(index.modules, history.directories);
  // The log runs oldest first, so its last changeset is the tip the working copy was updated to.
  const tip = history.last ?? "";
  return { community: { url, revision: tip, modules: index.modules }, problems: index.problems };
}

/** Each module's last revision and change count, into the entries built without them (in place: keys keep their order). */
function withHistory(modules: CommunityModule[], history: ReadonlyMap<string, DirectoryHistory>): void {
  for (const module of modules) {
    const entry = history.get(module.name);
    module.revision = entry?.revision;
    module.changesets = entry?.changesets ?? 0;
  }
}

async function indexIncrementally(
  repo: string,
  url: string,
  isBuiltin: IsBuiltin | Promise<IsBuiltin>,
  previous: { community: NonNullable<Catalogue["community"]>; problems: readonly CatalogueProblem[] },
  since: readonly { short: string; files: readonly string[] }[],
): Promise<CommunityIndex> {
  const dirs = await listModuleDirs(repo);
  const present = new Set(dirs);
  const recent = directoryHistory(since);
  const known = new Map(previous.community.modules.map((module) => [module.name as string, module]));
  const history = new Map<string, DirectoryHistory>();
  for (const [dir, change] of recent) history.set(dir, { revision: change.revision, changesets: (known.get(dir)?.changesets ?? 0) + change.changesets });
  const changed = dirs.filter((dir) => recent.has(dir));
  const rebuilt = await indexDirs(repo, changed, present, history, isBuiltin);
  const { mergeCommunityIndex } = await import("../core/catalogue-build.js");
  const index = mergeCommunityIndex(previous.community.modules, previous.problems, rebuilt, present);
  const tip = since[since.length - 1]?.short ?? previous.community.revision;
  return { community: { url, revision: tip, modules: index.modules }, problems: index.problems };
}

async function indexDirs(
  repo: string,
  dirs: readonly string[],
  names: ReadonlySet<string>,
  history: ReadonlyMap<string, DirectoryHistory>,
  isBuiltin: IsBuiltin | Promise<IsBuiltin>,
): Promise<{ modules: CommunityModule[]; problems: CatalogueProblem[] }> {
  // The README and Lua readers (yaml among them) load only when a sync has something to read.
  const { buildCommunityIndex } = await import("../core/catalogue-build.js");
  const builtin = await isBuiltin;
  const modules: CommunityModule[] = [];
  const problems: CatalogueProblem[] = [];
  for (let at = 0; at < dirs.length; at += BATCH) {
    for (const listing of await listModules(repo, dirs.slice(at, at + BATCH))) {
      // Read and indexed before the next is read, so one module's text is alive at a time. A batch's texts alive
      // together survived V8's young-generation collections, and V8 grows that generation by what survives them.
      const scanned = readListedModule(repo, listing);
      const built = buildCommunityIndex({ modules: [scanned], history, isBuiltin: builtin, names });
      modules.push(...built.modules);
      // Links, devices and oversized files were never read: say so, module by module.
      problems.push(...built.problems, ...scanned.refused.map((problem) => ({ module: scanned.dir, problem })));
    }
  }
  return { modules, problems };
}
