import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { Catalogue, CommunityModule, ModuleName } from "../core/types.js";
import { readJsonFile, writeFileAtomic } from "../system/fs-atomic.js";
import { encodeRecords, type RecordRanges, readRecord, recordsPath } from "./catalogue-records.js";

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
  if (typeof raw !== "object" || raw === null || (raw as { schema?: unknown }).schema !== 1) {
    throw failure(`the catalogue index ${file} is from another version`, "run 'prosody-manager module sync' to rebuild it");
  }
  return raw as Catalogue;
}

export async function writeCatalogue(cacheDir: string, catalogue: Catalogue): Promise<void> {
  await writeSerialisedCatalogue(cacheDir, serialiseCatalogue(catalogue));
}

/** The files' text, made apart from writing them: a sync makes it while hg pulls, in case the pull brings nothing. */
export interface SerialisedCatalogue {
  catalogue: Catalogue;
  recordsText: string;
  searchText: string;
  catalogueText: string;
}

export function serialiseCatalogue(catalogue: Catalogue): SerialisedCatalogue {
  const records = encodeRecords(catalogue.builtAt, catalogue.community?.modules ?? []);
  return { catalogue, recordsText: records.text, searchText: `${JSON.stringify(searchView(catalogue, records.ranges))}\n`, catalogueText: `${JSON.stringify(catalogue)}\n` };
}

export async function writeSerialisedCatalogue(cacheDir: string, serialised: SerialisedCatalogue): Promise<void> {
  await fs.mkdir(cacheDir, { recursive: true });
  // The records, then the search view that points into them, then the catalogue: a reader that found the view newer
  // than the catalogue would otherwise trust stale data, and a view pointing into older records is caught by builtAt.
  await writeFileAtomic(recordsPath(cacheDir), serialised.recordsText);
  await writeFileAtomic(searchViewPath(cacheDir), serialised.searchText);
  await writeFileAtomic(cataloguePath(cacheDir), serialised.catalogueText);
}

/**
 * What `module search` shows of each module as rows of strings (name, summary, stage, revision; name, versions),
 * a tenth of the catalogue: with thousands of modules, parsing the whole index would be most of a search.
 */
type SearchRow = [name: string, summary: string | null, stage: string | null, revision: string | null, record: [offset: number, length: number] | null];
type RockRow = [name: string, versions: string[]];

interface SearchView {
  schema: 3;
  builtAt: string;
  community: { url: string; revision: string; modules: SearchRow[] } | undefined;
  rocks: { server: string; fetchedAt: string; modules: RockRow[] } | undefined;
}

function searchViewPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-search.json");
}

function searchView(catalogue: Catalogue, ranges: RecordRanges): SearchView {
  const { community, rocks } = catalogue;
  return {
    schema: 3,
    builtAt: catalogue.builtAt,
    community: community && {
      url: community.url,
      revision: community.revision,
      modules: community.modules.map((module): SearchRow => [module.name, module.summary ?? null, module.stage ?? null, module.revision ?? null, ranges.get(module.name) ?? null]),
    },
    rocks: rocks && { server: rocks.server, fetchedAt: rocks.fetchedAt, modules: rocks.modules.map((rock): RockRow => [rock.name, rock.versions]) },
  };
}

/**
 * What search, list and outdated read of the catalogue (names, summaries, stages, revisions, rock versions): the
 * search view when there is one, else the whole catalogue. Every other field of a module is empty in the view.
 */
export async function readCatalogueSummary(cacheDir: string): Promise<Catalogue | undefined> {
  return (await readSearchCatalogue(cacheDir)) ?? (await readCatalogue(cacheDir));
}

/**
 * The catalogue as search sees it, from the search view written beside it: every field search does not show is
 * empty. Undefined when there is no view (an index written by an older version): read the catalogue.
 */
export async function readSearchCatalogue(cacheDir: string): Promise<Catalogue | undefined> {
  const view = await readSearchView(cacheDir);
  return view && fromSearchView(view);
}

/**
 * The catalogue as `module info <name>` needs it: every module as search sees it, and the named one whole, read
 * from its own line of the records. Falls back to the whole catalogue when the view or the line is missing or stale.
 */
export async function readCatalogueFor(cacheDir: string, name: string): Promise<Catalogue | undefined> {
  const view = await readSearchView(cacheDir);
  const row = view?.community?.modules.find((candidate) => candidate[0] === name);
  const record = view && row?.[4] ? await readRecord(cacheDir, view.builtAt, name, row[4]) : undefined;
  if (!view || (row && !record)) return readCatalogue(cacheDir);
  const catalogue = fromSearchView(view);
  if (record && catalogue.community) catalogue.community.modules = catalogue.community.modules.map((module) => (module.name === name ? record : module));
  return catalogue;
}

async function readSearchView(cacheDir: string): Promise<SearchView | undefined> {
  try {
    const view = (await readJsonFile(searchViewPath(cacheDir))) as SearchView;
    return view.schema === 3 ? view : undefined;
  } catch {
    return undefined;
  }
}

function fromSearchView(view: SearchView): Catalogue {
  return {
    schema: 1,
    builtAt: view.builtAt,
    community: view.community && { url: view.community.url, revision: view.community.revision, modules: view.community.modules.map(fromSearchRow) },
    rocks: view.rocks && { server: view.rocks.server, fetchedAt: view.rocks.fetchedAt, modules: view.rocks.modules.map(([name, versions]) => ({ name: name as ModuleName, versions })) },
    problems: [],
  };
}

// Shared by every module of a search view, and frozen so that sharing them is safe: thousands of copies would be
// most of what a search allocates.
const NONE = Object.freeze([]) as unknown as string[];
const NO_NAMES = NONE as ModuleName[];
const NO_ROCKSPEC: CommunityModule["rockspec"] = Object.freeze({ dependencies: NONE, buildModules: Object.freeze({}), copyDirectories: NONE });
const NO_DEPENDENCIES: CommunityModule["dependencies"] = Object.freeze({ builtin: NO_NAMES, community: NO_NAMES, unknown: NO_NAMES, soft: NO_NAMES, unknowable: NONE, luaRequires: NONE });
const NO_HEADERS: CommunityModule["headers"] = Object.freeze({});

function fromSearchRow([name, summary, stage, revision]: SearchRow): CommunityModule {
  return {
    name: name as ModuleName,
    summary: summary ?? undefined,
    stage: (stage ?? undefined) as CommunityModule["stage"],
    labels: NONE,
    revision: revision ?? undefined,
    supersededBy: undefined,
    rockspec: NO_ROCKSPEC,
    compatibility: undefined,
    dependencies: NO_DEPENDENCIES,
    headers: NO_HEADERS,
    files: NONE,
    changesets: 0,
    readme: undefined,
    hasCode: true,
  };
}
