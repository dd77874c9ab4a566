// What the read commands ask of the catalogue: one module by name, every module, and the modules that may match a
// search. Answered by the search view's text (core/search-view.ts) without building all 4 000 entries, or by the
// whole catalogue when there is no view.
import { catalogueEntries, type CatalogueEntry } from "./search.js";
import type { Catalogue, ModuleName } from "./types.js";

export interface CatalogueLookup {
  builtAt: string;
  community: { url: string; revision: string } | undefined;
  rocks: { server: string; fetchedAt: string } | undefined;
  entry(name: ModuleName): CatalogueEntry | undefined;
  /** Every module. */
  entries(): CatalogueEntry[];
  /** Every module that may match all the words (lower case, as queryWords makes them): searchCatalogue decides. */
  candidates(words: readonly string[]): CatalogueEntry[];
}

export function lookupOf(catalogue: Catalogue): CatalogueLookup {
  const byName = catalogueEntries(catalogue);
  return {
    builtAt: catalogue.builtAt,
    community: catalogue.community && { url: catalogue.community.url, revision: catalogue.community.revision },
    rocks: catalogue.rocks && { server: catalogue.rocks.server, fetchedAt: catalogue.rocks.fetchedAt },
    entry: (name) => byName.get(name),
    entries: () => [...byName.values()],
    candidates: () => [...byName.values()],
  };
}
