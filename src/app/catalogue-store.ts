import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { Catalogue, CommunityModule } from "../core/types.js";
import { readJsonFile, writeFileAtomic } from "../system/fs-atomic.js";

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
  await fs.mkdir(cacheDir, { recursive: true });
  // The search view first: a reader that finds it newer than the catalogue would otherwise trust stale data.
  await writeFileAtomic(searchViewPath(cacheDir), `${JSON.stringify(searchView(catalogue))}\n`);
  await writeFileAtomic(cataloguePath(cacheDir), `${JSON.stringify(catalogue)}\n`);
}

/**
 * What `module search` shows of each module (name, summary, stage, labels, revision, rock versions), a tenth of the
 * catalogue: with thousands of modules, parsing the whole index would be most of a search.
 */
type SearchModule = Pick<CommunityModule, "name" | "summary" | "stage" | "labels" | "revision">;

interface SearchView {
  schema: 1;
  builtAt: string;
  community: { url: string; revision: string; modules: SearchModule[] } | undefined;
  rocks: Catalogue["rocks"];
}

function searchViewPath(cacheDir: string): string {
  return path.join(cacheDir, "catalogue-search.json");
}

function searchView(catalogue: Catalogue): SearchView {
  const community = catalogue.community;
  return {
    schema: 1,
    builtAt: catalogue.builtAt,
    community: community && {
      url: community.url,
      revision: community.revision,
      modules: community.modules.map(({ name, summary, stage, labels, revision }) => ({ name, summary, stage, labels, revision })),
    },
    rocks: catalogue.rocks && { server: catalogue.rocks.server, fetchedAt: catalogue.rocks.fetchedAt, modules: catalogue.rocks.modules },
  };
}

/**
 * The catalogue as search sees it, from the search view written beside it: every field search
 * does not show is empty. Undefined when there is no view (an index written by an older version): read the catalogue.
 */
export async function readSearchCatalogue(cacheDir: string): Promise<Catalogue | undefined> {
  let view: SearchView;
  try {
    view = (await readJsonFile(searchViewPath(cacheDir))) as SearchView;
  } catch {
    return undefined;
  }
  if (view.schema !== 1) return undefined;
  return {
    schema: 1,
    builtAt: view.builtAt,
    community: view.community && { ...view.community, modules: view.community.modules.map(fromSearchModule) },
    rocks: view.rocks,
    problems: [],
  };
}

function fromSearchModule(module: SearchModule): CommunityModule {
  return {
    ...module,
    supersededBy: undefined,
    rockspec: { dependencies: [], buildModules: {}, copyDirectories: [] },
    compatibility: undefined,
    dependencies: { builtin: [], community: [], unknown: [], soft: [], unknowable: [], luaRequires: [] },
    headers: {},
    files: [],
    changesets: 0,
    readme: undefined,
    hasCode: true,
  };
}
