import type { Catalogue, CatalogueProblem } from "../core/types.js";
import { describe } from "../core/errors.js";
import { failure, isUserError } from "../core/errors.js";
import { readCatalogue, searchViewBuiltAt, writeCatalogue } from "./catalogue-store.js";
import { writeSyncStamp } from "./sync-stamp.js";
import { type FetchOutcome, fetchCommunity, indexCommunity } from "./community-sync.js";
import { fetchManifest } from "../sources/rocks/fetch-manifest.js";
import { loadCrypto } from "../system/lazy-builtins.js";
import { rocksTarget } from "./rocks-context.js";
import { progressFor } from "./progress.js";
import type { Session } from "./session.js";

export interface SourceReport {
  source: "community" | "rocks";
  url: string;
  ok: boolean;
  detail: string;
  hint?: string;
  /** A failed source whose previous copy is still in the catalogue. */
  keptPrevious?: boolean;
}

export interface SyncOutcome {
  catalogue: Catalogue;
  reports: SourceReport[];
  problems: CatalogueProblem[];
}

/**
 * Fetches each source and rebuilds the catalogue, both sources at once. A source that cannot be fetched keeps its
 * previous copy and is reported; the sync fails (exit 1) only after everything that could be done was done.
 */
export async function syncSources(session: Session): Promise<SyncOutcome> {
  const { settings, ctx } = session;
  // The previous index (1.5 MB of JSON for 2 000 modules) is read and parsed while hg pulls, once hg has started.
  let hgStarted = (): void => undefined;
  const previousRead = new Promise<void>((resolve) => (hgStarted = resolve)).then(() => readCatalogue(settings.cacheDir).catch(() => undefined));
  // The views must be of that very catalogue for it to stay as it is (a run interrupted while writing them left others).
  const viewsCurrent = previousRead.then(async (previous) => previous !== undefined && (await searchViewBuiltAt(settings.cacheDir)) === previous.builtAt);
  // Both fetches run at once, but the index waits for the manifest parse: their peaks of memory never add up.
  const rocksSynced = syncRocks(session, previousRead);
  const [community, rocks] = await Promise.all([syncCommunity(session, previousRead, rocksSynced, hgStarted).finally(hgStarted), rocksSynced]);
  const previous = await previousRead;
  const reports = [community.report, rocks.report];
  // Both fetched, and neither brought anything: the catalogue stays byte for byte, and only the time is recorded.
  if (previous && reports.every((report) => report.ok) && sameSources(previous, community, rocks.value) && (await viewsCurrent)) {
    writeSyncStamp(settings.cacheDir, { builtAt: previous.builtAt, syncedAt: ctx.now().toISOString() });
    return { catalogue: previous, reports, problems: previous.problems };
  }
  const catalogue: Catalogue = { schema: 1, builtAt: ctx.now().toISOString(), community: community.value, rocks: rocks.value, problems: community.problems };
  // When every fetch failed the previous index stays byte for byte: nothing new was learnt.
  if ((catalogue.community || catalogue.rocks) && (reports.some((report) => report.ok) || !previous)) {
    await writeCatalogue(settings.cacheDir, catalogue);
  }
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0 && !catalogue.community && !catalogue.rocks) {
    if (isUserError(community.error) && community.error.hint) throw community.error;
    throw failure(failed.map((report) => report.detail).join("; "), "check the URL and your network, or point --community-url at a mirror");
  }
  return { catalogue, reports, problems: community.problems };
}

/** The same objects the previous catalogue holds: each source found it current (the same tip, the same manifest). */
function sameSources(previous: Catalogue, community: CommunitySync, rocks: Catalogue["rocks"]): boolean {
  return community.value === previous.community && community.problems === previous.problems && rocks?.server === previous.rocks?.server && rocks?.modules === previous.rocks?.modules;
}

interface CommunitySync {
  report: SourceReport;
  value: Catalogue["community"];
  problems: CatalogueProblem[];
  error: unknown;
}

async function syncCommunity(session: Session, previousRead: Promise<Catalogue | undefined>, beforeIndex: Promise<unknown>, hgStarted: () => void): Promise<CommunitySync> {
  const { settings, ctx } = session;
  const url = settings.communityUrl;
  let fetched: FetchOutcome;
  try {
    ctx.log.info(`Fetching community modules from ${url} ...`);
    const phase = progressFor(ctx).start("fetching the community repository");
    try {
      fetched = await fetchCommunity(settings.cacheDir, url, (detail) => phase.update(detail), hgStarted);
    } finally {
      phase.end();
    }
  } catch (error) {
    hgStarted();
    const previous = await previousRead;
    const report = { source: "community" as const, url, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptPrevious: previous?.community !== undefined };
    return { report, value: previous?.community, problems: previous?.problems ?? [], error };
  }
  const previous = await previousRead;
  // Nothing pulled and the index is of this very repository and tip: reading every module again would change nothing.
  const unchanged = !fetched.changed && previous?.community?.url === url && previous.community.revision === fetched.before;
  if (unchanged && previous.community) {
    return { report: { source: "community", url, ok: true, detail: `already up to date at ${previous.community.revision}` }, value: previous.community, problems: previous.problems, error: undefined };
  }
  // The previous index is a starting point only when it is of this repository's tip before the pull.
  const base = previous?.community && previous.community.url === url && previous.community.revision === fetched.before ? { community: previous.community, problems: previous.problems } : undefined;
  await beforeIndex;
  const indexing = progressFor(ctx).start("reading module metadata");
  // The built-in modules are listed while hg reads the log, the first thing the index does (a failure still
  // surfaces where the index awaits them; the handler only keeps it from counting as unhandled meanwhile).
  const isBuiltin = session.isBuiltin();
  isBuiltin.catch(() => undefined);
  const indexed = await indexCommunity(settings.cacheDir, url, isBuiltin, base).finally(() => indexing.end());
  const after = indexed.community.revision;
  const detail = fetched.action === "cloned" ? `cloned at ${after}` : fetched.before === after ? `already up to date at ${after}` : `updated ${fetched.before ?? "?"} → ${after}`;
  return { report: { source: "community", url, ok: true, detail }, value: indexed.community, problems: indexed.problems, error: undefined };
}

async function syncRocks(session: Session, previousRead: Promise<Catalogue | undefined>): Promise<{ report: SourceReport; value: Catalogue["rocks"] }> {
  const target = await rocksTarget(session);
  try {
    session.ctx.log.info(`Fetching the rocks manifest from ${target.server} ...`);
    const phase = progressFor(session.ctx).start("fetching the rocks manifest");
    const { text, file } = await fetchManifest(target.server, target.luaVersion).finally(() => phase.end());
    const digest = (await loadCrypto()).createHash("sha256").update(text).digest("hex");
    const previous = await previousRead;
    // Parsing a large manifest is most of a sync that finds nothing new; the same bytes give the same rocks.
    const same = previous?.rocks?.server === target.server && previous.rocks.digest === digest;
    let modules = same && previous.rocks ? previous.rocks.modules : undefined;
    if (!modules) {
      const parsed = await (await import("../sources/rocks/manifest.js")).readRepositoryManifest(text, `${target.server} (${file})`);
      for (const problem of parsed.rejected) session.ctx.log.warn(`${problem.module}: ${problem.problem}`);
      modules = parsed.modules;
    }
    return { report: { source: "rocks", url: target.server, ok: true, detail: `${modules.length} rocks` }, value: { server: target.server, fetchedAt: session.ctx.now().toISOString(), modules, digest } };
  } catch (error) {
    const previous = await previousRead;
    const report = { source: "rocks" as const, url: target.server, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptPrevious: previous?.rocks !== undefined };
    return { report, value: previous?.rocks };
  }
}
