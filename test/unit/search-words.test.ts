import { describe, expect, it } from "vitest";
import { parseStage, queryWords, searchCatalogue, type CatalogueEntry } from "../../src/core/search.js";
import type { ModuleName } from "../../src/core/types.js";
import { communityModule } from "./factories.js";

const entries: CatalogueEntry[] = [
  { ...communityModule("mod_migrate_http_upload", "mod_http_upload to mod_http_file_share migrator", { stage: "Alpha" }), rock: true },
  { ...communityModule("mod_http_upload_external", "HTTP File Upload (external service)", { stage: "Alpha" }), rock: true },
  { ...communityModule("mod_http_upload", "HTTP File Upload", { stage: "Beta" }), rock: false },
  { ...communityModule("mod_share_files", "Upload files and share them over HTTP", { stage: "Stable" }), rock: true },
  { ...communityModule("mod_zhttp_status", "Status over HTTP", { stage: "Stable" }), rock: true },
  { ...communityModule("mod_upload_http_reverse", "", { stage: "Beta" }), rock: false },
].map(({ rock, ...module }) => ({ name: module.name, community: module, rock: rock ? { name: module.name, versions: ["1-1"] } : undefined }));

const names = (query: string, filters = {}): string[] => searchCatalogue(entries, query, filters).map((hit) => hit.entry.name);

describe("searchCatalogue with several words", () => {
  it("matches modules with every word in the name or the summary, ranked exact, prefix, name, summary", () => {
    const hits = searchCatalogue(entries, "http upload");
    expect(hits.map((hit) => [hit.entry.name, hit.match])).toEqual([
      ["mod_http_upload", "exact"],
      ["mod_http_upload_external", "prefix"],
      // Both words are whole words of both names; the shorter name first.
      ["mod_migrate_http_upload", "name"],
      ["mod_upload_http_reverse", "name"],
      ["mod_share_files", "summary"],
    ]);
  });

  it("needs every word: one missing word drops the module", () => {
    expect(names("http status")).toEqual(["mod_zhttp_status"]);
    expect(names("http upload kerberos")).toEqual([]);
  });

  it("words are case-insensitive, in any order, and may carry mod_", () => {
    expect(names("UPLOAD mod_HTTP")).toEqual(names("upload http"));
    expect(names("mod_http_upload")[0]).toBe("mod_http_upload");
  });

  it("ranks more words in the name above fewer among summary matches", () => {
    // Both are summary matches; mod_zhttp_status has 'http' in its name, mod_share_files (a shorter name) has neither.
    expect(names("over http")).toEqual(["mod_zhttp_status", "mod_share_files"]);
  });

  it("filters by stage, source and installed set", () => {
    expect(names("http upload", { stage: "Alpha" })).toEqual(["mod_http_upload_external", "mod_migrate_http_upload"]);
    expect(names("http upload", { source: "rocks" })).toEqual(["mod_http_upload_external", "mod_migrate_http_upload", "mod_share_files"]);
    expect(names("", { installed: new Set<ModuleName>(["mod_zhttp_status" as ModuleName, "mod_share_files" as ModuleName]) })).toEqual([
      "mod_share_files",
      "mod_zhttp_status",
    ]);
  });
});

describe("whole words in the score", () => {
  const ranked = (query: string, modules: [string, string][]): string[] =>
    searchCatalogue(
      modules.map(([name, summary]) => ({ name: name as ModuleName, community: communityModule(name, summary), rock: undefined })),
      query,
    ).map((hit) => hit.entry.name);

  it("counts a word between underscores of the name, or between anything but [a-z0-9] in the summary", () => {
    // Name matches: the whole word first, though its name is longer.
    expect(ranked("share", [["mod_fileshare", ""], ["mod_file_share", ""]])).toEqual(["mod_file_share", "mod_fileshare"]);
    // Summary matches: "Shared" holds the word but not as a word; a hyphen, an accented letter or the end bound it.
    expect(ranked("share", [["mod_a", "Shared files"], ["mod_bb", "Files to share"], ["mod_cc", "pré-share"], ["mod_dd", "préshare it"]])).toEqual([
      "mod_bb",
      "mod_cc",
      "mod_dd",
      "mod_a",
    ]);
    // A word that is not all [a-z0-9] is never a whole word of a summary, nor one with _ of a name.
    // (Same rank, same length: were file_share taken as a whole word of the second, it would come first.)
    expect(ranked("file_share", [["mod_bb_file_share", ""], ["mod_a_file_sharex", ""]])).toEqual(["mod_a_file_sharex", "mod_bb_file_share"]);
    expect(ranked("pre-share", [["mod_bb", "pre-share"], ["mod_a", "pre-shared"]])).toEqual(["mod_a", "mod_bb"]);
  });
});

describe("queryWords and parseStage", () => {
  it("splits on whitespace and drops mod_", () => {
    expect(queryWords(["  mod_HTTP ", "upload\t files "])).toEqual(["http", "upload", "files"]);
    expect(queryWords("mod_")).toEqual(["mod_"]);
  });
  it("accepts stage names in any case, with or without Stage-", () => {
    expect(parseStage("beta")).toBe("Beta");
    expect(parseStage("Stage-Stable")).toBe("Stable");
    expect(parseStage("gamma")).toBeUndefined();
  });
});
