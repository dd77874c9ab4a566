import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import { isRecord } from "../core/json-shape.js";
import { type CatalogueLookup, lookupOf } from "../core/catalogue-lookup.js";
import { encodeSearchView, SearchViewText } from "../core/search-view.js";
import type { Catalogue, ModuleName } from "../core/types.js";
import { readHeadIfThere, readJsonFile, readTextIfThere, writeFileAtomicSync, writePiecesAtomicSync } from "../system/fs-atomic.js";
import { readRecord, writeRecords } from "./catalogue-records.js";
import { type CatalogueSummary, catalogueBuiltAt, encodeSummary, parseSummary, summarise } from "./catalogue-summary.js";
import { removeSyncStamp } from "./sync-stamp.js";
import { phase } from "../core/phase-trace.js";

export function cataloguePath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue.json");
}

/** The saved index, or undefined before the first sync. A damaged index is an error with a way out. */
export async function readCatalogue(cacheDir: string): Promise<Catalogue | undefined> {
  const file = cataloguePath(cacheDir);
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw failure(`the catalogue index ${file} cannot be read`, "run 'prosody-manager module sync' to rebuild it");
  }
  if (!isRecord(raw) || raw.schema !== 1) {
    throw failure(`the catalogue index ${file} is from another version`, "run 'prosody-manager module sync' to rebuild it");
  }
  return raw as unknown as Catalogue;
}

/**
 * Synchronously: writing the catalogue is the last thing a sync does, and each awaited call would delay its end. The
 * records and catalogue.json are written piece by piece: neither is ever one string of megabytes.
 */
export async function writeCatalogue(cacheDir: string, catalogue: Catalogue): Promise<void> {
  // The records, then the search view that points into them, then the catalogue: a reader that found the view newer
  // than the catalogue would otherwise trust stale data, and a view pointing into older records is caught by builtAt.
  const ranges = writeRecords(cacheDir, catalogue.builtAt, catalogue.community?.modules ?? []);
  writeFileAtomicSync(searchViewPath(cacheDir), encodeSearchView(catalogue, ranges));
  writeSummary(cacheDir, summarise(catalogue));
  writePiecesAtomicSync(cataloguePath(cacheDir), catalogueJsonPieces(catalogue));
  // The JSON view that versions before schema 4 wrote: nothing reads it now.
  rmSync(path.join(cacheDir, "catalogue-search.json"), { force: true });
  removeSyncStamp(cacheDir);
}

/** A value no module list can be: where the modules go in the JSON of the catalogue around them. */
const MODULES_MARK = "\u0000modules\u0000";

/** `JSON.stringify(catalogue)` and a newline, in pieces: the catalogue around the modules, and each module's JSON. */
function* catalogueJsonPieces(catalogue: Catalogue): Generator<string> {
  if (!catalogue.community) {
    yield `${JSON.stringify(catalogue)}\n`;
    return;
  }
  // Spread keeps the keys where they were, so the text around the mark is what JSON.stringify makes of the whole.
  const frame = JSON.stringify({ ...catalogue, community: { ...catalogue.community, modules: MODULES_MARK } });
  const mark = JSON.stringify(MODULES_MARK);
  const at = frame.indexOf(mark);
  yield `${frame.slice(0, at)}[`;
  let first = true;
  for (const module of catalogue.community.modules) {
    yield first ? JSON.stringify(module) : `,${JSON.stringify(module)}`;
    first = false;
  }
  yield `]${frame.slice(at + mark.length)}\n`;
}

const HEAD_BYTES = 4096;

function summaryPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-summary.json");
}

/**
 * Also for a catalogue written before summaries were: the next sync that finds nothing new need not read it. And
 * for a sync that found nothing new but the manifest's validators.
 */
export function writeSummary(cacheDir: string, summary: CatalogueSummary): void {
  writeFileAtomicSync(summaryPath(cacheDir), encodeSummary(summary));
}

/**
 * The summary of the catalogue on disk (catalogue-summary.ts), when catalogue.json and the search view are of the
 * build it describes; undefined otherwise, and before the first sync.
 */
export function readCurrentSummary(cacheDir: string): CatalogueSummary | undefined {
  const summary = parseSummary(readTextIfThere(summaryPath(cacheDir)) ?? "");
  if (!summary) return undefined;
  // Their build times are in their first bytes: the 1.5 MB catalogue is not read for them.
  const catalogueHead = readHeadIfThere(cataloguePath(cacheDir), HEAD_BYTES)?.toString("utf8");
  const viewHead = readHeadIfThere(searchViewPath(cacheDir), HEAD_BYTES)?.toString("utf8");
  if (catalogueHead === undefined || viewHead === undefined) return undefined;
  return catalogueBuiltAt(catalogueHead) === summary.builtAt && SearchViewText.parse(viewHead)?.builtAt === summary.builtAt ? summary : undefined;
}

function searchViewPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-search.jsonl");
}

/** The search view; undefined when there is none (before the first sync, or written by an older version). */
async function readSearchView(cacheDir: string): Promise<SearchViewText | undefined> {
  try {
    // Synchronously: one read of a few hundred kilobytes, on the path of every read command.
    return SearchViewText.parse(readFileSync(searchViewPath(cacheDir), "utf8"));
  } catch {
    return undefined;
  } finally {
    phase("search view read");
  }
}

/** The build time of the search view on disk, undefined when there is none of this schema (a sync must write one). */
export async function searchViewBuiltAt(cacheDir: string): Promise<string | undefined> {
  return (await readSearchView(cacheDir))?.builtAt;
}

/**
 * What search, list and outdated read of the catalogue (names, summaries, stages, revisions, rock versions): the
 * search view when there is one, else the whole catalogue; undefined before the first sync. Every other field of a
 * module is empty in the view.
 */
export async function readCatalogueLookup(cacheDir: string): Promise<CatalogueLookup | undefined> {
  return (await readSearchView(cacheDir)) ?? wholeCatalogueLookup(cacheDir);
}

async function wholeCatalogueLookup(cacheDir: string): Promise<CatalogueLookup | undefined> {
  const catalogue = await readCatalogue(cacheDir);
  return catalogue && lookupOf(catalogue);
}

/**
 * The catalogue as `module info <name>` needs it: the named module whole, read from its own line of the records, and
 * every other one as search sees it. The whole catalogue answers when the view or the line is missing or stale.
 */
export async function readCatalogueFor(cacheDir: string, name: ModuleName): Promise<CatalogueLookup | undefined> {
  const view = await readSearchView(cacheDir);
  const range = view?.record(name);
  const record = view && range ? await readRecord(cacheDir, view.builtAt, name, range) : undefined;
  if (!view || (view.entry(name)?.community && !record)) return wholeCatalogueLookup(cacheDir);
  if (!record) return view;
  return {
    builtAt: view.builtAt,
    community: view.community,
    rocks: view.rocks,
    entry: (wanted) => {
      const entry = view.entry(wanted);
      return entry && wanted === name ? { ...entry, community: record } : entry;
    },
    entries: () => view.entries(),
    candidates: (words) => view.candidates(words),
  };
}
