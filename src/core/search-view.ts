// The search view: what search, list, outdated and info read of the catalogue, as text that a read command scans
// instead of parsing. Its first line is a JSON header; then one line per module name, a JSON array of what search
// shows (summary, stage, revision, the byte range of its full record; the rock versions), in name order. A search
// looks for its words in the lower-cased text and parses only the lines that hold them all; a lookup by name finds
// its line with one indexOf. With 4 000 modules, parsing every line into objects was a third of a search's run.
import type { CatalogueLookup } from "./catalogue-lookup.js";
import { parseJson } from "./json-shape.js";
import { compareModuleNames } from "./names.js";
import type { CatalogueEntry } from "./search.js";
import type { Catalogue, CommunityModule, ModuleName, RockModule } from "./types.js";

export const SEARCH_VIEW_SCHEMA = 4;

export type RecordRange = [offset: number, length: number];

export interface SearchViewHeader {
  schema: typeof SEARCH_VIEW_SCHEMA;
  builtAt: string;
  community: { url: string; revision: string } | null;
  rocks: { server: string; fetchedAt: string } | null;
}

type CommunityCell = [summary: string | null, stage: string | null, revision: string | null, record: RecordRange | null];
type ViewLine = [name: string, community: CommunityCell | null, rockVersions: string[] | null];

export function encodeSearchView(catalogue: Catalogue, ranges: ReadonlyMap<string, RecordRange>): string {
  const header: SearchViewHeader = {
    schema: SEARCH_VIEW_SCHEMA,
    builtAt: catalogue.builtAt,
    community: catalogue.community ? { url: catalogue.community.url, revision: catalogue.community.revision } : null,
    rocks: catalogue.rocks ? { server: catalogue.rocks.server, fetchedAt: catalogue.rocks.fetchedAt } : null,
  };
  const lines = new Map<string, ViewLine>();
  for (const module of catalogue.community?.modules ?? []) {
    lines.set(module.name, [module.name, [module.summary ?? null, module.stage ?? null, module.revision ?? null, ranges.get(module.name) ?? null], null]);
  }
  for (const rock of catalogue.rocks?.modules ?? []) {
    const line = lines.get(rock.name) ?? [rock.name, null, null];
    line[2] = rock.versions;
    lines.set(rock.name, line);
  }
  const body = [...lines.values()].sort((a, b) => compareModuleNames(a[0], b[0])).map((line) => JSON.stringify(line));
  return `${[JSON.stringify(header), ...body].join("\n")}\n`;
}

/** The view's text, read lazily: each question parses only the lines it needs. */
export class SearchViewText implements CatalogueLookup {
  private lower: string | undefined;

  private constructor(
    private readonly text: string,
    readonly header: SearchViewHeader,
  ) {}

  /** Undefined when the text is not a view of this schema (an older version wrote it, or it is damaged). */
  static parse(text: string): SearchViewText | undefined {
    const end = text.indexOf("\n");
    try {
      const header = JSON.parse(end < 0 ? text : text.slice(0, end)) as SearchViewHeader;
      return header.schema === SEARCH_VIEW_SCHEMA ? new SearchViewText(text, header) : undefined;
    } catch {
      return undefined;
    }
  }

  get builtAt(): string {
    return this.header.builtAt;
  }

  get community(): { url: string; revision: string } | undefined {
    return this.header.community ?? undefined;
  }

  get rocks(): { server: string; fetchedAt: string } | undefined {
    return this.header.rocks ?? undefined;
  }

  entry(name: ModuleName): CatalogueEntry | undefined {
    const line = this.line(name);
    return line && toEntry(line);
  }

  /** Where the module's full record is in the records file, when the community repository has it. */
  record(name: ModuleName): RecordRange | undefined {
    return this.line(name)?.[1]?.[3] ?? undefined;
  }

  entries(): CatalogueEntry[] {
    const out: CatalogueEntry[] = [];
    let at = this.text.indexOf("\n") + 1;
    while (at > 0 && at < this.text.length) {
      const end = this.text.indexOf("\n", at);
      const line = this.text.slice(at, end < 0 ? undefined : end);
      if (line !== "") out.push(toEntry(JSON.parse(line) as ViewLine));
      at = end + 1;
    }
    return out;
  }

  /**
   * The lines whose lower-cased text holds every word. A superset of the matches, since the name and the summary are
   * in the line, except for a word that JSON would have escaped there (a quote, a backslash, a control character)
   * or that is not ASCII (lower-casing the whole text and lower-casing one summary may differ there): those read
   * every line.
   */
  candidates(words: readonly string[]): CatalogueEntry[] {
    if (words.length === 0 || words.some((word) => !/^[\x20-\x7e]+$/.test(word) || /["\\]/.test(word))) return this.entries();
    this.lower ??= this.text.toLowerCase();
    const lower = this.lower;
    // The longest word is usually the rarest: its occurrences are the lines to look at.
    const probe = words.reduce((longest, word) => (word.length > longest.length ? word : longest));
    const out: CatalogueEntry[] = [];
    // The header line is never a module's: the search starts after it.
    let from = lower.indexOf("\n") + 1;
    if (from === 0) return out;
    for (;;) {
      const hit = lower.indexOf(probe, from);
      if (hit < 0) break;
      const start = lower.lastIndexOf("\n", hit) + 1;
      const endAt = lower.indexOf("\n", hit);
      const end = endAt < 0 ? lower.length : endAt;
      const lowerLine = lower.slice(start, end);
      if (words.every((word) => lowerLine.includes(word))) {
        // Lower-casing kept every character's length (no İ and the like in the text): the line is at the same place in
        // the original. Else its name, lower case already, finds it.
        const line =
          lower.length === this.text.length
            ? (JSON.parse(this.text.slice(start, end)) as ViewLine)
            : this.line((JSON.parse(`${lowerLine.slice(0, lowerLine.indexOf(","))}]`) as [string])[0]);
        if (line) out.push(toEntry(line));
      }
      from = end + 1;
    }
    return out;
  }

  /**
   * The module's line, found by bisecting the lines (they are in name order): a dozen short lines parsed instead of a
   * scan of the whole text for each name, which list and outdated ask for every installed module. A view whose order
   * is not that one (another writer, damage) is still answered, by the scan.
   */
  private line(name: string): ViewLine | undefined {
    const text = this.text;
    let low = text.indexOf("\n") + 1;
    let high = text.length;
    while (low > 0 && low < high) {
      const start = Math.max(low, text.lastIndexOf("\n", ((low + high) >>> 1) - 1) + 1);
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      // Only the name is read while bisecting; the line is parsed once it is the one.
      const lineName = nameOfLine(text, start, end);
      const order = lineName === undefined ? 0 : compareModuleNames(lineName, name);
      if (lineName === name) return parseLine(text.slice(start, end));
      if (lineName === undefined || order === 0) break;
      if (order < 0) low = end + 1;
      else high = start;
    }
    const start = text.indexOf(`\n[${JSON.stringify(name)},`);
    if (start < 0) return undefined;
    const end = text.indexOf("\n", start + 1);
    return JSON.parse(text.slice(start + 1, end < 0 ? undefined : end)) as ViewLine;
  }
}

/**
 * The name a line starts with (`["mod_x",…`), read without parsing the line; a name JSON escaped (a quote, a
 * backslash) is parsed with the line.
 */
function nameOfLine(text: string, start: number, end: number): string | undefined {
  if (!text.startsWith('["', start)) return parseLine(text.slice(start, end))?.[0];
  const quote = text.indexOf('"', start + 2);
  if (quote < 0 || quote >= end) return undefined;
  const name = text.slice(start + 2, quote);
  return name.includes("\\") || text[quote + 1] !== "," ? parseLine(text.slice(start, end))?.[0] : name;
}

function parseLine(text: string): ViewLine | undefined {
  const line = parseJson(text);
  return Array.isArray(line) && typeof line[0] === "string" ? (line as ViewLine) : undefined;
}

function toEntry([name, community, versions]: ViewLine): CatalogueEntry {
  const moduleName = name as ModuleName;
  return {
    name: moduleName,
    community: community ? fromCommunityCell(moduleName, community) : undefined,
    rock: versions ? ({ name: moduleName, versions } satisfies RockModule) : undefined,
  };
}

// Shared by every module read from a view, and frozen so that sharing them is safe: the view has none of these.
const NONE = Object.freeze([]) as unknown as string[];
const NO_NAMES = NONE as ModuleName[];
const NO_ROCKSPEC: CommunityModule["rockspec"] = Object.freeze({ dependencies: NONE, buildModules: Object.freeze({}), copyDirectories: NONE });
const NO_DEPENDENCIES: CommunityModule["dependencies"] = Object.freeze({ builtin: NO_NAMES, community: NO_NAMES, unknown: NO_NAMES, soft: NO_NAMES, unknowable: NONE, luaRequires: NONE });
const NO_HEADERS: CommunityModule["headers"] = Object.freeze({});

/** The module as search sees it: every field the view does not hold is empty. */
function fromCommunityCell(name: ModuleName, [summary, stage, revision]: CommunityCell): CommunityModule {
  return {
    name,
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
