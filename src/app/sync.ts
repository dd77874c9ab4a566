import type { Catalogue, CatalogueProblem, ManifestValidators, RockModule } from "../core/types.js";
import { describe } from "../core/errors.js";
import { failure, isUserError } from "../core/errors.js";
import { readCatalogue, readCurrentSummary, searchViewBuiltAt, writeCatalogue, writeSummary } from "./catalogue-store.js";
import { type CatalogueSummary, summarise } from "./catalogue-summary.js";
import { writeSyncStamp } from "./sync-stamp.js";
import { type FetchOutcome, fetchCommunity, indexCommunity } from "./community-sync.js";
import { pullCheckOptions } from "../sources/community/pull-check.js";
import { fetchManifest } from "../sources/rocks/fetch-manifest.js";
import { loadCrypto } from "../system/lazy-builtins.js";
import { limits as readLimits } from "../system/limits.js";
import { type RocksTarget, rocksTarget } from "./rocks-context.js";
import { progressFor } from "./progress.js";
import type { Session } from "./session.js";

export interface SourceReport {
  source: "community" | "rocks";
  url: string;
  ok: boolean;
  detail: string;
  hint?: string;
  /** A failed source whose previous copy is still in the catalogue: where that copy came from. */
  keptFrom?: string;
}

export interface SyncOutcome {
  /** Undefined when the sync found nothing new and left the catalogue on disk unread. */
  catalogue: Catalogue | undefined;
  /** The catalogue was written anew (something new came, or there was none). */
  changed: boolean;
  summary: CatalogueSummary;
  reports: SourceReport[];
  problems: CatalogueProblem[];
}

/**
 * Fetches each source and rebuilds the catalogue, both sources at once. A source that cannot be fetched keeps its
 * previous copy and is reported; the sync fails (exit 1) only after everything that could be done was done.
 */
export async function syncSources(session: Session): Promise<SyncOutcome> {
  const { settings, ctx } = session;
  // What the catalogue on disk was built from: when both sources still say the same, it stays as it is, unread.
  const summary = readCurrentSummary(settings.cacheDir);
  // The previous catalogue itself (1.5 MB of JSON for 2 000 modules) only when something changed. Without a summary to
  // tell, it is read while hg pulls, once hg has started.
  let previousRead: Promise<Catalogue | undefined> | undefined;
  const readPrevious = (): Promise<Catalogue | undefined> => (previousRead ??= readCatalogue(settings.cacheDir).catch(() => undefined));
  const hgStarted = summary ? () => undefined : () => void readPrevious();
  // Both fetches run at once; a changed manifest is parsed while hg pulls, and any index waits for that parse, so their
  // peaks of memory never add up.
  const [fetched, rocksFetched] = await Promise.all([fetchCommunitySource(session, hgStarted), fetchRocksSource(session, summary, readPrevious)]);
  if (summary && fetched.ok && !fetched.outcome.changed && sameCommunity(summary.community, settings.communityUrl, fetched.outcome.before) && rocksFetched.ok && rocksFetched.same) {
    const reports = [upToDate(settings.communityUrl, fetched.outcome.before), rocksReport(rocksFetched.target.server, summary.rocks?.modules ?? 0)];
    writeSyncStamp(settings.cacheDir, { builtAt: summary.builtAt, syncedAt: ctx.now().toISOString() });
    // The same manifest under new validators (a server that rewrote the file as it was): asked with those next time.
    const { rocks } = summary;
    const validators = rocksFetched.validators;
    const current = rocks && !sameValidators(rocks.validators, validators) ? { ...summary, rocks: { server: rocks.server, digest: rocks.digest, modules: rocks.modules, ...(validators ? { validators } : {}) } } : summary;
    if (current !== summary) writeSummary(settings.cacheDir, current);
    return { catalogue: undefined, changed: false, summary: current, reports, problems: summary.problems };
  }
  const previous = await readPrevious();
  const rocks = await rocksOf(session, rocksFetched, previous);
  const community = await communityOf(session, fetched, previous);
  const reports = [community.report, rocks.report];
  // Both fetched, and neither brought anything: the catalogue stays byte for byte, and only the time is recorded.
  if (previous && reports.every((report) => report.ok) && sameSources(previous, community, rocks.value) && (await searchViewBuiltAt(settings.cacheDir)) === previous.builtAt) {
    writeSyncStamp(settings.cacheDir, { builtAt: previous.builtAt, syncedAt: ctx.now().toISOString() });
    if (!summary) writeSummary(settings.cacheDir, summarise(previous));
    return { catalogue: previous, changed: false, summary: summarise(previous), reports, problems: previous.problems };
  }
  const catalogue: Catalogue = { schema: 1, builtAt: ctx.now().toISOString(), community: community.value, rocks: rocks.value, problems: community.problems };
  // When every fetch failed, or one failed and the other found its part current (both the previous catalogue's very
  // objects), the previous index stays byte for byte: nothing new was learnt.
  const kept = previous !== undefined && community.value === previous.community && rocks.value === previous.rocks;
  const changed = !kept && Boolean(catalogue.community || catalogue.rocks) && (reports.some((report) => report.ok) || !previous);
  if (changed) await writeCatalogue(settings.cacheDir, catalogue);
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0 && !catalogue.community && !catalogue.rocks) {
    if (isUserError(community.error) && community.error.hint) throw community.error;
    throw failure(failed.map((report) => report.detail).join("; "), "check the URL and your network, or point --community-url at a mirror");
  }
  const current = kept ? previous : catalogue;
  return { catalogue: current, changed, summary: summarise(current), reports, problems: current.problems };
}

/** The same objects the previous catalogue holds: each source found it current (the same tip, the same manifest). */
function sameSources(previous: Catalogue, community: CommunitySync, rocks: Catalogue["rocks"]): boolean {
  return (
    community.value === previous.community &&
    community.problems === previous.problems &&
    rocks?.server === previous.rocks?.server &&
    rocks?.modules === previous.rocks?.modules &&
    sameValidators(rocks?.validators, previous.rocks?.validators)
  );
}

function sameValidators(a: ManifestValidators | undefined, b: ManifestValidators | undefined): boolean {
  return a?.file === b?.file && a?.etag === b?.etag && a?.lastModified === b?.lastModified && a?.identity === b?.identity;
}

/** An index of this very repository at the tip the cache had before the pull. */
function sameCommunity(indexed: { url: string; revision: string } | null | undefined, url: string, before: string | undefined): boolean {
  return indexed?.url === url && indexed.revision === before;
}

function upToDate(url: string, revision: string | undefined): SourceReport {
  return { source: "community", url, ok: true, detail: `already up to date at ${revision ?? "?"}` };
}

function rocksReport(server: string, count: number): SourceReport {
  return { source: "rocks", url: server, ok: true, detail: `${count} rocks` };
}

type CommunityFetch = { ok: true; outcome: FetchOutcome } | { ok: false; error: unknown };

async function fetchCommunitySource(session: Session, hgStarted: () => void): Promise<CommunityFetch> {
  const { settings, ctx } = session;
  ctx.log.info(`Fetching community modules from ${settings.communityUrl} ...`);
  const phase = progressFor(ctx).start("fetching the community repository");
  try {
    const check = pullCheckOptions(ctx.env);
    return { ok: true, outcome: await fetchCommunity(settings.cacheDir, settings.communityUrl, { onProgress: (detail) => phase.update(detail), onStarted: hgStarted, check }) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    hgStarted();
    phase.end();
  }
}

interface CommunitySync {
  report: SourceReport;
  value: Catalogue["community"];
  problems: CatalogueProblem[];
  error: unknown;
}

async function communityOf(session: Session, fetched: CommunityFetch, previous: Catalogue | undefined): Promise<CommunitySync> {
  const { settings, ctx } = session;
  const url = settings.communityUrl;
  if (!fetched.ok) {
    const { error } = fetched;
    const report = { source: "community" as const, url, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptFrom: previous?.community?.url };
    return { report, value: previous?.community, problems: previous?.problems ?? [], error };
  }
  const { outcome } = fetched;
  // The previous index is a starting point only when it is of this repository's tip before the pull.
  const base = previous?.community && sameCommunity(previous.community, url, outcome.before) ? { community: previous.community, problems: previous.problems } : undefined;
  // Nothing pulled and the index is of this very repository and tip: reading every module again would change nothing.
  if (!outcome.changed && base) return { report: upToDate(url, base.community.revision), value: base.community, problems: previous?.problems ?? [], error: undefined };
  const indexing = progressFor(ctx).start("reading module metadata");
  // The built-in modules are listed while hg reads the log, the first thing the index does (a failure still
  // surfaces where the index awaits them; the handler only keeps it from counting as unhandled meanwhile).
  const isBuiltin = session.isBuiltin();
  isBuiltin.catch(() => undefined);
  const indexed = await indexCommunity(settings.cacheDir, url, isBuiltin, base, outcome.history).finally(() => indexing.end());
  const after = indexed.community.revision;
  const cloned = outcome.replacedUnrelated ? `cloned at ${after} (the cache held another repository, unrelated to this one)` : `cloned at ${after}`;
  const detail = outcome.action === "cloned" ? cloned : outcome.before === after ? `already up to date at ${after}` : `updated ${outcome.before ?? "?"} → ${after}`;
  return { report: { source: "community", url, ok: true, detail }, value: indexed.community, problems: indexed.problems, error: undefined };
}

type RocksFetch =
  | {
      ok: true;
      target: RocksTarget;
      digest: string;
      fetchedAt: string;
      /** The manifest the catalogue was built from. */
      same: boolean;
      /** Its rocks; for the same manifest, a parse of its text, made only if the previous catalogue cannot give them. */
      rocks: RockModule[] | (() => Promise<RockModule[]>);
      /** The server's validators of the manifest file, to ask next time whether it changed. */
      validators: ManifestValidators | undefined;
    }
  | { ok: false; target: RocksTarget; error: unknown };

/**
 * Fetches the manifest and tells whether it is the one the catalogue was built from (the same server, the same
 * digest); parsing a large manifest is most of a sync that finds nothing new, so only another one is parsed.
 */
async function fetchRocksSource(session: Session, summary: CatalogueSummary | undefined, readPrevious: () => Promise<Catalogue | undefined>): Promise<RocksFetch> {
  const target = await rocksTarget(session);
  try {
    session.ctx.log.info(`Fetching the rocks manifest from ${target.server} ...`);
    // The summary's validators, when they are of the manifest whose digest it holds: the file is asked for only if it
    // changed. (Without a summary, the whole file is fetched and the previous catalogue read only after.)
    const summarised = summary?.rocks?.server === target.server && summary.rocks.digest !== null ? { digest: summary.rocks.digest, validators: summary.rocks.validators } : undefined;
    const phase = progressFor(session.ctx).start("fetching the rocks manifest");
    const fetched = await fetchManifest(target.server, target.luaVersion, readLimits(), summarised?.validators).finally(() => phase.end());
    const fetchedAt = session.ctx.now().toISOString();
    const where = `${target.server} (${fetched.file})`;
    if ("unchanged" in fetched && summarised) {
      // Not sent again: the rocks come from the previous catalogue, or from a fetch of the whole file if it has none.
      const rocks = async (): Promise<RockModule[]> => parseManifest(session, (await fetchManifest(target.server, target.luaVersion)).text, where);
      return { ok: true, target, digest: summarised.digest, fetchedAt, same: true, rocks, validators: summarised.validators };
    }
    const { text, validators } = "unchanged" in fetched ? await fetchManifest(target.server, target.luaVersion) : fetched;
    const digest = (await loadCrypto()).createHash("sha256").update(text).digest("hex");
    const built = summary ? summary.rocks : (await readPrevious())?.rocks;
    const same = built?.server === target.server && built.digest === digest;
    // Parsed now unless it is the same; the text is kept only for that later parse, not for the rest of the sync.
    const rocks = same ? () => parseManifest(session, text, where) : await parseManifest(session, text, where);
    return { ok: true, target, digest, fetchedAt, same, rocks, validators };
  } catch (error) {
    return { ok: false, target, error };
  }
}

async function parseManifest(session: Session, text: string, where: string): Promise<RockModule[]> {
  const parsed = await (await import("../sources/rocks/manifest.js")).readRepositoryManifest(text, where);
  for (const problem of parsed.rejected) session.ctx.log.warn(`${problem.module}: ${problem.problem}`);
  return parsed.modules;
}

async function rocksOf(session: Session, fetched: RocksFetch, previous: Catalogue | undefined): Promise<{ report: SourceReport; value: Catalogue["rocks"] }> {
  const { target } = fetched;
  if (!fetched.ok) {
    const { error } = fetched;
    const report = { source: "rocks" as const, url: target.server, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptFrom: previous?.rocks?.server };
    return { report, value: previous?.rocks };
  }
  // The same manifest gives the same rocks; parsed after all when the catalogue that had them could not be read.
  const kept = fetched.same && previous?.rocks?.server === target.server && previous.rocks.digest === fetched.digest ? previous.rocks.modules : undefined;
  const modules = typeof fetched.rocks !== "function" ? fetched.rocks : (kept ?? (await fetched.rocks()));
  const value = { server: target.server, fetchedAt: fetched.fetchedAt, modules, digest: fetched.digest };
  return { report: rocksReport(target.server, modules.length), value: fetched.validators ? { ...value, validators: fetched.validators } : value };
}
