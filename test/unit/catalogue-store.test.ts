import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCatalogue, readCatalogueFor, readCatalogueLookup, writeCatalogue } from "../../src/app/catalogue-store.js";
import { type CatalogueLookup, lookupOf } from "../../src/core/catalogue-lookup.js";
import { queryWords, searchCatalogue } from "../../src/core/search.js";
import { encodeSearchView, SearchViewText } from "../../src/core/search-view.js";
import type { Catalogue, CommunityModule, ModuleName } from "../../src/core/types.js";
import { communityModule } from "./factories.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const catalogue: Catalogue = {
  schema: 1,
  builtAt: "2026-11-25T12:00:00.000Z",
  community: {
    url: "https://hg.example/prosody-modules/",
    revision: "bbbbbbbbbbbb",
    modules: [
      communityModule("mod_muc_log", "Log MUC rooms", { stage: "Beta", labels: ["Stage-Beta"], files: ["mod_muc_log.lua", "README.md"] }),
      communityModule("mod_pastebin", "Long messages as links to a web page about muc rooms", { stage: "Stable" }),
      communityModule("mod_muc", "merged", { hasCode: false }),
    ],
  },
  rocks: { server: "https://rocks.example/", fetchedAt: "2026-11-25T12:00:00.000Z", modules: [{ name: "mod_muc_log" as ModuleName, versions: ["2-1", "1-1"] }] },
  problems: [{ module: "mod_x", problem: "README: bad" }],
};

const shown = (lookup: CatalogueLookup, query: string): unknown =>
  searchCatalogue(lookup.candidates(queryWords(query)), query).map(({ entry, match }) => [entry.name, match, entry.community?.summary, entry.community?.stage, entry.community?.revision, entry.rock?.versions]);

/** The view and the whole catalogue, as written for these modules and read back. */
async function viewAndWhole(modules: CommunityModule[]): Promise<{ view: CatalogueLookup; whole: CatalogueLookup }> {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
  await writeCatalogue(dir, { ...catalogue, community: catalogue.community && { ...catalogue.community, modules } });
  const view = await readCatalogueLookup(dir);
  const whole = await readCatalogue(dir);
  if (!view || !whole) throw new Error("nothing read back");
  return { view, whole: lookupOf(whole) };
}

describe("the search view", () => {
  it("answers every search, and every lookup by name, as the whole catalogue does", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const whole = await readCatalogue(dir);
    const view = await readCatalogueLookup(dir);
    if (!whole || !view) throw new Error("nothing read back");
    for (const query of ["muc", "mod_pastebin", "rooms", "ROOMS log", "", "nothing", 'say "hi"', "c:\\", "über"]) expect(shown(view, query), query).toEqual(shown(lookupOf(whole), query));
    const fromWhole = lookupOf(whole);
    for (const name of ["mod_muc_log", "mod_pastebin", "mod_muc", "mod_absent"] as ModuleName[]) {
      expect(view.entry(name)?.rock, name).toEqual(fromWhole.entry(name)?.rock);
      expect(view.entry(name)?.community?.summary, name).toEqual(fromWhole.entry(name)?.community?.summary);
    }
    expect(view.entries().map((entry) => entry.name)).toEqual(["mod_muc", "mod_muc_log", "mod_pastebin"]);
    expect(view.community).toEqual({ url: catalogue.community?.url, revision: catalogue.community?.revision });
    expect((await fs.stat(path.join(dir, "catalogue-search.jsonl"))).size).toBeLessThan((await fs.stat(path.join(dir, "catalogue.json"))).size);
  });

  it("finds a word only where it is, whatever else the line holds", async () => {
    const { view, whole } = await viewAndWhole([
      communityModule("mod_quotes", 'Says "hello" with a back\\slash, a tab\there and ÄÖÜ'),
      communityModule("mod_plain", "Nothing to see", { revision: "beta00000000" }),
      // Lower-cased, İ is two characters: the lines after it are no longer where they were in the original.
      communityModule("mod_istanbul", "Made in İstanbul"),
      communityModule("mod_zz_last", "After the İ line"),
    ]);
    for (const query of ['"hello"', "back\\slash", "äöü", "tab", "beta", "stable", "mod_", "_", "stanbul", "after line", "i̇stanbul"]) expect(shown(view, query), query).toEqual(shown(whole, query));
  });

  it("finds ASCII words in any case, and words with a regular expression's characters, as the whole catalogue does", async () => {
    const { view, whole } = await viewAndWhole([
      communityModule("mod_case", "Mixed CASE Words and MUC rooms"),
      communityModule("mod_regex", "Matches a.b+c(d) or [x]|y* and $z^ {1} / done"),
      communityModule("mod_accents", "Stage über Ärger, then MUC"),
      communityModule("mod_plain", "nothing special"),
    ]);
    const queries = ["case", "CASE words", "muc", "a.b+c(d)", "b+c", "(d)", "[x]|y*", "$z^", "{1}", "/ done", "mod_", "stage", "rger", "xyz"];
    for (const query of queries) expect(shown(view, query), query).toEqual(shown(whole, query));
    // Upper case in the text, lower case in the query: the view finds them itself.
    const names = searchCatalogue(view.candidates(queryWords("muc")), "muc").map(({ entry }) => entry.name);
    expect(names).toEqual(expect.arrayContaining(["mod_case", "mod_accents"]));
  });

  it("finds words in another order, in fields search does not match, or past a tab or line break of a summary, as the whole catalogue does", async () => {
    // Words spread over many lines, so that a word missing from one line is found again further on; revisions and
    // stages that hold the words (fields a search does not match); summaries with a tab and line breaks.
    const vocabulary = ["muc", "room", "log", "http", "upload", "push", "mam", "beta"];
    const modules = Array.from({ length: 120 }, (_, index) =>
      communityModule(
        `mod_${vocabulary[index % 8]}_${index}`,
        `${vocabulary[(index * 3) % 8]} and ${vocabulary[(index * 5 + 1) % 8]}${index % 9 === 0 ? "\twith a\ntab" : ""}${index % 11 === 0 ? "\r\nMUC" : ""}`,
        { revision: `${vocabulary[(index * 7) % 8]}${String(index).padStart(8, "0")}`, stage: index % 4 === 0 ? "Beta" : "Stable" },
      ),
    );
    const { view, whole } = await viewAndWhole(modules);
    const queries = [...vocabulary, "muc log", "log muc", "room upload", "push mam beta", "with tab", "a\ntab", "tab muc", "mod_muc_8", "00000001", "stable"];
    for (const query of queries) expect(shown(view, query), query).toEqual(shown(whole, query));
    expect((shown(view, "muc log") as unknown[]).length).toBeGreaterThan(3);
    expect((shown(view, "with tab") as unknown[]).length).toBeGreaterThan(3);
  });

  it("of a catalogue without modules answers no module", () => {
    const view = SearchViewText.parse(encodeSearchView({ ...catalogue, community: undefined, rocks: undefined }, new Map()));
    expect(view?.entries()).toEqual([]);
    expect(view?.candidates(["muc"])).toEqual([]);
    expect(view?.entry("mod_muc" as ModuleName)).toBeUndefined();
  });

  it("with a Kelvin sign, whose lower case is k, still finds k there as the whole catalogue does", async () => {
    const { view, whole } = await viewAndWhole([communityModule("mod_temperature", "Degrees \u212aelvin"), communityModule("mod_other", "Nothing")]);
    expect(shown(whole, "kelvin")).toHaveLength(1);
    for (const query of ["kelvin", "elvin", "degrees"]) expect(shown(view, query), query).toEqual(shown(whole, query));
  });

  it("is absent before a sync, so search falls back to the catalogue (and its first sync)", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    expect(await readCatalogueLookup(dir)).toBeUndefined();
  });

  it("of an older version is not read: the whole catalogue answers, and the next write removes it", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    await fs.writeFile(path.join(dir, "catalogue-search.jsonl"), '{"schema":3}\n["mod_other",null,null]\n');
    await fs.writeFile(path.join(dir, "catalogue-search.json"), "{}");
    expect((await readCatalogueLookup(dir))?.entries().map((entry) => entry.name).sort()).toEqual(["mod_muc", "mod_muc_log", "mod_pastebin"]);
    await writeCatalogue(dir, catalogue);
    await expect(fs.access(path.join(dir, "catalogue-search.json"))).rejects.toThrow();
  });
});

describe("the files a sync writes", () => {
  it("are, piece by piece, what JSON.stringify makes of the catalogue and of each record: past a chunk, and with text that is not ASCII", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    const modules = Array.from({ length: 400 }, (_, index) => communityModule(`mod_many_${String(index).padStart(3, "0")}`, `Number ${index} — über “quoted” ${"x".repeat(index)}`));
    const large: Catalogue = { ...catalogue, community: catalogue.community && { ...catalogue.community, modules } };
    await writeCatalogue(dir, large);
    const whole = await fs.readFile(path.join(dir, "catalogue.json"), "utf8");
    expect(whole.length).toBeGreaterThan(128 * 1024);
    expect(whole).toBe(`${JSON.stringify(large)}\n`);
    const records = await fs.readFile(path.join(dir, "catalogue-modules.jsonl"), "utf8");
    expect(records).toBe(modules.map((module) => `${JSON.stringify({ builtAt: large.builtAt, module })}\n`).join(""));
    const forOne = await readCatalogueFor(dir, "mod_many_399" as ModuleName);
    expect(forOne?.entry("mod_many_399" as ModuleName)?.community).toEqual(modules[399]);
  });

  it("without a community half, the catalogue is still written whole", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    const rocksOnly: Catalogue = { ...catalogue, community: undefined };
    await writeCatalogue(dir, rocksOnly);
    expect(await fs.readFile(path.join(dir, "catalogue.json"), "utf8")).toBe(`${JSON.stringify(rocksOnly)}\n`);
  });
});

describe("one module's record", () => {
  it("is the module as the whole catalogue has it, the others as search sees them", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const forOne = await readCatalogueFor(dir, "mod_muc_log" as ModuleName);
    expect(forOne?.entry("mod_muc_log" as ModuleName)?.community).toEqual(catalogue.community?.modules[0]);
    expect(forOne?.entry("mod_pastebin" as ModuleName)?.community?.files).toEqual([]);
    expect(forOne?.entry("mod_muc_log" as ModuleName)?.rock).toEqual(catalogue.rocks?.modules[0]);
  });

  it("read through the view of another build is not trusted: the whole catalogue answers", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-store-"));
    await writeCatalogue(dir, catalogue);
    const staleView = await fs.readFile(path.join(dir, "catalogue-search.jsonl"));
    // A sync in between: new records and catalogue, and the view of the old build left behind.
    const renamed = { ...catalogue, builtAt: "2026-11-26T12:00:00.000Z", community: catalogue.community && { ...catalogue.community, modules: [communityModule("mod_aaa_new", "shifts every offset"), ...catalogue.community.modules] } };
    await writeCatalogue(dir, renamed);
    await fs.writeFile(path.join(dir, "catalogue-search.jsonl"), staleView);
    const forOne = await readCatalogueFor(dir, "mod_pastebin" as ModuleName);
    expect(forOne?.builtAt).toBe("2026-11-26T12:00:00.000Z");
    expect(forOne?.entry("mod_pastebin" as ModuleName)?.community).toEqual(catalogue.community?.modules[1]);
  });
});

describe("a lookup by name in the search view", () => {
  // Names that sort with "_" before every letter and digit, prefixes of each other, and rocks-only modules.
  const names = Array.from({ length: 300 }, (_, index) => `mod_${["a", "a_b", "ab", "a0", "b_", "zz"][index % 6]}${index % 7 === 0 ? "_" : ""}${index}` as ModuleName);
  const many: Catalogue = {
    ...catalogue,
    community: catalogue.community && { ...catalogue.community, modules: names.filter((_, index) => index % 5 !== 0).map((name) => communityModule(name, `summary of ${name}`)) },
    rocks: catalogue.rocks && { ...catalogue.rocks, modules: names.filter((_, index) => index % 3 === 0).map((name) => ({ name, versions: ["1-1"] })) },
  };
  const absent = ["mod_", "mod_a", "mod_zzz", "mod_a_b_", "mod_0", "mod_\u00e9"] as ModuleName[];

  it("finds every module, and no other, as the whole catalogue does", () => {
    const view = SearchViewText.parse(encodeSearchView(many, new Map()));
    const whole = lookupOf(many);
    if (!view) throw new Error("no view");
    for (const name of [...names, ...absent]) expect(view.entry(name), name).toEqual(whole.entry(name) && { ...whole.entry(name), community: whole.entry(name)?.community && view.entry(name)?.community });
    for (const name of names) expect(view.entry(name)?.rock?.versions, name).toEqual(whole.entry(name)?.rock?.versions);
    for (const name of absent) expect(view.entry(name), name).toBeUndefined();
    expect(names.filter((name) => view.entry(name)).length).toBe(names.filter((_, index) => index % 5 !== 0 || index % 3 === 0).length);
  });

  it("finds names that JSON escapes or that are not ASCII, among plain ones", () => {
    const odd = ['mod_a"quote', "mod_b\\back", "mod_c\u00e9t\u00e9", "mod_d\ttab", "mod_e"] as ModuleName[];
    const withOdd: Catalogue = { ...many, community: many.community && { ...many.community, modules: [...(many.community?.modules ?? []), ...odd.map((name) => communityModule(name, `odd ${name}`))] } };
    const view = SearchViewText.parse(encodeSearchView(withOdd, new Map()));
    if (!view) throw new Error("no view");
    for (const name of odd) expect(view.entry(name)?.community?.summary, name).toBe(`odd ${name}`);
    for (const name of names.filter((_, index) => index % 5 !== 0)) expect(view.entry(name)?.community?.summary, name).toBe(`summary of ${name}`);
  });

  it("still finds them in a view whose lines are not in name order", () => {
    const [header, ...lines] = encodeSearchView(many, new Map()).trimEnd().split("\n");
    const shuffled = SearchViewText.parse(`${[header, ...lines.reverse()].join("\n")}\n`);
    if (!shuffled) throw new Error("no view");
    for (const [index, name] of names.entries()) expect(shuffled.entry(name)?.name, name).toBe(index % 5 !== 0 || index % 3 === 0 ? name : undefined);
    for (const name of absent) expect(shuffled.entry(name), name).toBeUndefined();
  });
});
