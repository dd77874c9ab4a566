import type { Catalogue, CommunityModule, ModuleName, RockModule, Source, Stage } from "./types.js";
import { STAGES } from "./types.js";
import { compareModuleNames } from "./names.js";

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

export interface SearchFilters {
  stage?: Stage;
  source?: Source;
  /** When given, only these modules. */
  installed?: ReadonlySet<string>;
}

/** The words of a query, lower case, each without a `mod_` prefix: `mod_HTTP upload` → `http`, `upload`. */
export function queryWords(query: string | readonly string[]): string[] {
  const text = typeof query === "string" ? query : query.join(" ");
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => (word.startsWith("mod_") && word.length > 4 ? word.slice(4) : word))
    .filter((word) => word !== "");
}

/**
 * A module matches when every word is in its name or its summary (case-insensitive). Ranked: the words are the name
 * (`http upload` → mod_http_upload), the name starts with them, every word is in the name, then the rest; within a
 * rank, more words that are whole words of the name or the summary first, then shorter names, then by name.
 */
export function searchCatalogue(entries: Iterable<CatalogueEntry>, query: string | readonly string[], filters: SearchFilters = {}): SearchHit[] {
  const words = queryWords(query);
  const joined = words.join("_");
  const scored: { hit: SearchHit; order: number }[] = [];
  for (const entry of entries) {
    if (!passes(entry, filters)) continue;
    const scoredMatch = matchEntry(entry, words, joined);
    // Rank, then score (higher first), then name length as one number: the sort compares it, then names on a tie.
    if (scoredMatch) scored.push({ hit: { entry, match: scoredMatch.match }, order: (RANK[scoredMatch.match] * 100_000 - Math.min(scoredMatch.score, 99_999)) * 10_000 + (words.length > 0 ? Math.min(entry.name.length, 9_999) : 0) });
  }
  return scored.sort((a, b) => a.order - b.order || compareModuleNames(a.hit.entry.name, b.hit.entry.name)).map((item) => item.hit);
}

function passes(entry: CatalogueEntry, filters: SearchFilters): boolean {
  if (filters.stage && entry.community?.stage !== filters.stage) return false;
  if (filters.source === "community" && !entry.community) return false;
  if (filters.source === "rocks" && !entry.rock) return false;
  if (filters.installed && !filters.installed.has(entry.name)) return false;
  return true;
}

function matchEntry(entry: CatalogueEntry, words: readonly string[], joined: string): { match: MatchKind; score: number } | undefined {
  if (words.length === 0) return { match: "name", score: 0 };
  const short = entry.name.slice(4);
  // Most modules match no word: they are ruled out before anything is split or allocated for the score.
  let summary: string | undefined;
  for (const word of words) {
    if (short.includes(word)) continue;
    summary ??= entry.community?.summary?.toLowerCase() ?? "";
    if (!summary.includes(word)) return undefined;
  }
  summary ??= entry.community?.summary?.toLowerCase() ?? "";
  let inName = 0;
  let whole = 0;
  for (const word of words) {
    if (short.includes(word)) inName++;
    // A word of the name is between underscores; a word of the summary, between anything but [a-z0-9].
    if (isWholeWord(short, word, isNotUnderscore) || isWholeWord(summary, word, isAsciiAlnum)) whole++;
  }
  const score = inName * 10 + whole;
  if (short === joined) return { match: "exact", score };
  if (short.startsWith(joined)) return { match: "prefix", score };
  if (inName === words.length) return { match: "name", score };
  return { match: "summary", score };
}

const UNDERSCORE = 0x5f;

function isNotUnderscore(code: number): boolean {
  return code !== UNDERSCORE;
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/**
 * Whether `word` is one of the words of `text`, the words being its longest runs of characters `inWord` accepts: the
 * answer splitting the text would give, without the array and the set of words for each module scored.
 */
function isWholeWord(text: string, word: string, inWord: (code: number) => boolean): boolean {
  for (let index = 0; index < word.length; index++) if (!inWord(word.charCodeAt(index))) return false;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || !inWord(text.charCodeAt(at - 1))) && (end === text.length || !inWord(text.charCodeAt(end)))) return true;
  }
  return false;
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
    .sort((a, b) => a.distance - b.distance || compareModuleNames(a.name, b.name))
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

/** `beta`, `Stage-Beta` → `Beta`; undefined for a word that is no stage. */
export function parseStage(input: string): Stage | undefined {
  const word = input.trim().toLowerCase().replace(/^stage-/, "");
  return STAGES.find((stage) => stage.toLowerCase() === word);
}
