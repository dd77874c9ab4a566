import type { Catalogue, CommunityModule, ModuleName, RockModule } from "./types.js";

/**
 * The order localeCompare gives module names (`_` before digits before letters, as the root collation sorts
 * punctuation) by code units: ICU's collator costs more to load than a whole search of thousands of modules.
 */
const byName = {
  compare(a: string, b: string): number {
    const x = a.replaceAll("_", "\u0000");
    const y = b.replaceAll("_", "\u0000");
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

/** One module as both sources know it: the unit search, info and list talk about. */
export interface CatalogueEntry {
  name: ModuleName;
  community: CommunityModule | undefined;
  rock: RockModule | undefined;
}

export function catalogueEntries(catalogue: Catalogue): Map<ModuleName, CatalogueEntry> {
  const entries = new Map<ModuleName, CatalogueEntry>();
  for (const module of catalogue.community?.modules ?? []) entries.set(module.name, { name: module.name, community: module, rock: undefined });
  for (const rock of catalogue.rocks?.modules ?? []) {
    const existing = entries.get(rock.name);
    entries.set(rock.name, { name: rock.name, community: existing?.community, rock });
  }
  return entries;
}

export type MatchKind = "exact" | "prefix" | "name" | "summary";
const RANK: Record<MatchKind, number> = { exact: 0, prefix: 1, name: 2, summary: 3 };

export interface SearchHit {
  entry: CatalogueEntry;
  match: MatchKind;
}

/** Case-insensitive; ranks exact name, then name prefix, then name contains, then summary; ties by name. */
export function searchCatalogue(entries: Iterable<CatalogueEntry>, query: string): SearchHit[] {
  const needle = query.trim().toLowerCase();
  const bare = needle.startsWith("mod_") ? needle.slice(4) : needle;
  const hits: SearchHit[] = [];
  for (const entry of entries) {
    const match = matchKind(entry, needle, bare);
    if (match) hits.push({ entry, match });
  }
  return hits.sort((a, b) => RANK[a.match] - RANK[b.match] || byName.compare(a.entry.name, b.entry.name));
}

function matchKind(entry: CatalogueEntry, needle: string, bare: string): MatchKind | undefined {
  if (needle === "") return "name";
  const short = entry.name.slice(4);
  if (short === bare) return "exact";
  if (short.startsWith(bare)) return "prefix";
  if (short.includes(bare)) return "name";
  const summary = entry.community?.summary?.toLowerCase();
  if (summary?.includes(needle)) return "summary";
  return undefined;
}

/** Names close to a mistyped one, best first: for "did you mean". */
export function suggestNames(names: Iterable<string>, wanted: string, limit = 3): string[] {
  const target = wanted.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const name of names) {
    const distance = editDistance(name, target);
    const threshold = Math.max(2, Math.floor(target.length / 3));
    if (distance <= threshold || (target.length > 5 && name.includes(target.slice(4)))) scored.push({ name, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || byName.compare(a.name, b.name))
    .slice(0, limit)
    .map((item) => item.name);
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
