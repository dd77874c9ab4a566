import type { Catalogue, CatalogueProblem } from "../core/types.js";
import { describe } from "../core/errors.js";
import { failure, isUserError } from "../core/errors.js";
import { readCatalogue, writeCatalogue } from "./catalogue-store.js";
import { type FetchOutcome, fetchCommunity, indexCommunity } from "./community-sync.js";
import { rocksTarget, serverRocks } from "./rocks-context.js";
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
 * Fetches each source and rebuilds the catalogue. A source that cannot be fetched keeps its previous copy and is
 * reported; the sync fails (exit 1) only after everything that could be done was done.
 */
export async function syncSources(session: Session): Promise<SyncOutcome> {
  const { settings, ctx } = session;
  const cacheDir = settings.cacheDir;
  const url = settings.communityUrl;
  const previous = await readCatalogue(cacheDir).catch(() => undefined);
  const reports: SourceReport[] = [];

  let fetched: FetchOutcome | undefined;
  let fetchError: unknown;
  try {
    ctx.log.info(`Fetching community modules from ${url} ...`);
    fetched = await fetchCommunity(cacheDir, url);
    reports.push({ source: "community", url, ok: true, detail: describeFetch(fetched) });
  } catch (error) {
    fetchError = error;
    reports.push({ source: "community", url, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptPrevious: previous?.community !== undefined });
  }

  let community = previous?.community;
  let problems: CatalogueProblem[] = previous?.problems ?? [];
  if (fetched || previous?.community === undefined) {
    try {
      const indexed = await indexCommunity(cacheDir, url, await session.isBuiltin());
      community = indexed.community;
      problems = indexed.problems;
    } catch (error) {
      if (fetched) throw error;
    }
  }

  let rocks = previous?.rocks;
  const target = await rocksTarget(session);
  try {
    ctx.log.info(`Fetching the rocks manifest from ${target.server} ...`);
    const modules = await serverRocks(target);
    rocks = { server: target.server, fetchedAt: ctx.now().toISOString(), modules };
    reports.push({ source: "rocks", url: target.server, ok: true, detail: `${modules.length} rocks` });
  } catch (error) {
    reports.push({ source: "rocks", url: target.server, ok: false, detail: describe(error), hint: isUserError(error) ? error.hint : undefined, keptPrevious: previous?.rocks !== undefined });
  }

  const catalogue: Catalogue = { schema: 1, builtAt: ctx.now().toISOString(), community, rocks, problems };
  // When every fetch failed the previous index stays byte for byte: nothing new was learnt.
  if ((community || rocks) && (reports.some((report) => report.ok) || !previous)) await writeCatalogue(cacheDir, catalogue);
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0 && !community && !rocks) {
    if (isUserError(fetchError) && fetchError.hint) throw fetchError;
    throw failure(failed.map((report) => report.detail).join("; "), "check the URL and your network, or point --community-url at a mirror");
  }
  return { catalogue, reports, problems };
}

function describeFetch(outcome: FetchOutcome): string {
  if (outcome.action === "cloned") return `cloned at ${outcome.after}`;
  return outcome.before === outcome.after ? `already up to date at ${outcome.after}` : `updated ${outcome.before ?? "?"} → ${outcome.after}`;
}
