// The search view: what search, list, outdated and info read of the catalogue, as bytes that a read command scans
// instead of parsing. Its first line is a JSON header; then one line per module, in name order: a JSON array of what
// search shows (summary, stage, revision, the byte range of its full record; the rock versions), a tab, and the text
// a search matches (the name and the lower-cased summary). A read command keeps the file as the Buffer it read: a
// search looks for its words with Buffer.indexOf and parses only the lines that hold them all, a lookup by name
// bisects the lines. With 4 000 modules, parsing every line into objects was a third of a search's run; and a string
// of the whole view (with a lower-cased copy for search) was most of what a read command allocated, two of its
// garbage collections.
import type { CatalogueLookup } from "./catalogue-lookup.js";
import { parseJson } from "./json-shape.js";
import { compareModuleNames } from "./names.js";
import type { CatalogueEntry } from "./search.js";
import type { Catalogue, CommunityModule, ModuleName, RockModule } from "./types.js";

export const SEARCH_VIEW_SCHEMA = 5;

export type RecordRange = [offset: number, length: number];

export interface SearchViewHeader {
  schema: typeof SEARCH_VIEW_SCHEMA;
  builtAt: string;
  community: { url: string; revision: string } | null;
  rocks: { server: string; fetchedAt: string } | null;
}

type CommunityCell = [summary: string | null, stage: string | null, revision: string | null, record: RecordRange | null];
type ViewLine = [name: string, community: CommunityCell | null, rockVersions: string[] | null];

const NEWLINE = 0x0a;
const TAB = 0x09;
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;

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
  const body = [...lines.values()].sort((a, b) => compareModuleNames(a[0], b[0])).map((line) => `${JSON.stringify(line)}\t${matchText(line)}`);
  return `${[JSON.stringify(header), ...body].join("\n")}\n`;
}

/**
 * What a search looks for its words in: the name as it is and the summary lower-cased, exactly as searchCatalogue
 * compares them, so that a line without every word cannot match. A tab or a line break would end the field or the
 * line: they become spaces, which no word holds (queryWords splits at white space). JSON never writes a raw tab, so
 * a line's first tab ends its JSON.
 */
function matchText([name, community]: ViewLine): string {
  return `${name} ${community?.[0]?.toLowerCase() ?? ""}`.replace(/[\t\n\r]/g, " ");
}

/** The header of a view, from its first bytes; undefined when they are not a view of this schema. */
export function parseSearchViewHeader(text: string): SearchViewHeader | undefined {
  const end = text.indexOf("\n");
  const header = parseJson(end < 0 ? text : text.slice(0, end)) as Partial<SearchViewHeader> | undefined;
  return header?.schema === SEARCH_VIEW_SCHEMA && typeof header.builtAt === "string" ? (header as SearchViewHeader) : undefined;
}

/** The view's bytes, read lazily: each question decodes and parses only the lines it needs. */
export class SearchViewText implements CatalogueLookup {
  private constructor(
    private readonly bytes: Buffer,
    /** Where the first module's line starts: after the header's newline. */
    private readonly body: number,
    readonly header: SearchViewHeader,
  ) {}

  /** Undefined when the bytes are not a view of this schema (an older version wrote them, or they are damaged). */
  static parse(bytes: Buffer): SearchViewText | undefined {
    const end = bytes.indexOf(NEWLINE);
    const header = parseSearchViewHeader(bytes.toString("utf8", 0, end < 0 ? bytes.length : end));
    return header && new SearchViewText(bytes, end < 0 ? bytes.length : end + 1, header);
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
    for (let at = this.body; at < this.bytes.length; ) {
      const end = this.lineEnd(at);
      const line = this.parseLineAt(at, end);
      if (line) out.push(toEntry(line));
      at = end + 1;
    }
    return out;
  }

  /**
   * The lines whose match text holds every word: a superset of the matches (searchCatalogue decides), found in the
   * bytes, since a word's UTF-8 is in a text's UTF-8 exactly where the word is in the text.
   */
  candidates(words: readonly string[]): CatalogueEntry[] {
    if (words.length === 0) return this.entries();
    const bytes = this.bytes;
    const encoded = words.map((word) => Buffer.from(word, "utf8"));
    // The longest word is usually the rarest: its occurrences are the lines to look at.
    const probe = encoded.reduce((longest, word) => (word.length > longest.length ? word : longest));
    const holdsEvery = wordFinder(bytes, encoded);
    const out: CatalogueEntry[] = [];
    let from = this.body;
    for (;;) {
      const hit = bytes.indexOf(probe, from);
      if (hit < 0) break;
      const start = bytes.lastIndexOf(NEWLINE, hit) + 1;
      const end = this.lineEnd(hit);
      // The hit may be in the line's JSON: every word, this one too, counts only in the match text after it.
      if (holdsEvery(this.matchStart(start, end), end)) {
        const line = this.parseLineAt(start, end);
        if (line) out.push(toEntry(line));
      }
      from = end + 1;
    }
    return out;
  }

  /**
   * The module's line, found by bisecting the lines (they are in name order): a dozen names compared where they are
   * in the bytes instead of a scan of the whole view for each name, which list and outdated ask for every installed
   * module. A view whose order is not that one (another writer, damage) is still answered, by the scan.
   */
  private line(name: string): ViewLine | undefined {
    const bytes = this.bytes;
    let low = this.body;
    let high = bytes.length;
    while (low < high) {
      const start = Math.max(low, bytes.lastIndexOf(NEWLINE, ((low + high) >>> 1) - 1) + 1);
      // Only the name is read while bisecting; the line is parsed once it is the one.
      const order = this.compareNameOfLine(start, name);
      if (order === undefined) break;
      if (order === 0) return this.parseLineAt(start, this.lineEnd(start));
      if (order < 0) low = this.lineEnd(start) + 1;
      else high = start;
    }
    const at = bytes.indexOf(`\n[${JSON.stringify(name)},`, this.body - 1);
    return at < 0 ? undefined : this.parseLineAt(at + 1, this.lineEnd(at + 1));
  }

  /**
   * How the name the line starts with (`["mod_x",…`) sorts against `name` (compareModuleNames), compared byte by byte
   * where it is: no string is made for it. A name JSON escaped or not ASCII is parsed with the line; undefined when
   * the line has none.
   */
  private compareNameOfLine(start: number, name: string): number | undefined {
    const bytes = this.bytes;
    if (bytes[start] === OPEN_BRACKET && bytes[start + 1] === QUOTE) {
      for (let index = 0, at = start + 2; ; index++, at++) {
        const byte = bytes[at];
        if (byte === undefined || byte < 0x20 || byte > 0x7e || byte === BACKSLASH) break;
        if (byte === QUOTE) {
          if (bytes[at + 1] !== COMMA) break;
          return index < name.length ? -1 : 0;
        }
        if (index === name.length) return 1;
        const wanted = name.charCodeAt(index);
        if (byte !== wanted) return (byte === UNDERSCORE ? 0 : byte) < (wanted === UNDERSCORE ? 0 : wanted) ? -1 : 1;
      }
    }
    const lineName = this.parseLineAt(start, this.lineEnd(start))?.[0];
    return lineName === undefined ? undefined : compareModuleNames(lineName, name);
  }

  /** Where the line that holds `at` ends: its newline, or the end of the bytes. */
  private lineEnd(at: number): number {
    const newline = this.bytes.indexOf(NEWLINE, at);
    return newline < 0 ? this.bytes.length : newline;
  }

  /** Where the line's JSON ends: at the tab before its match text (the line's end when it has none). */
  private jsonEnd(start: number, end: number): number {
    const tab = this.bytes.indexOf(TAB, start);
    return tab < 0 || tab > end ? end : tab;
  }

  /** Where the line's match text starts: nothing of a line without one is matched. */
  private matchStart(start: number, end: number): number {
    const jsonEnd = this.jsonEnd(start, end);
    return jsonEnd === end ? end : jsonEnd + 1;
  }

  private parseLineAt(start: number, end: number): ViewLine | undefined {
    return parseLine(this.bytes.toString("utf8", start, this.jsonEnd(start, end)));
  }
}

/**
 * Whether each word is in a stretch of the bytes, asked for stretches in order: each word's next occurrence is
 * remembered, so that a word missing from one line is not looked for again up to where it was found.
 */
function wordFinder(bytes: Buffer, words: readonly Uint8Array[]): (from: number, end: number) => boolean {
  const next = words.map(() => -1);
  return (from, end) =>
    words.every((word, index) => {
      let at = next[index] ?? -1;
      // Not found (-1) becomes the largest uint32: past every line, and never looked for again.
      if (at < from) next[index] = at = bytes.indexOf(word, from) >>> 0;
      return at + word.length <= end;
    });
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
