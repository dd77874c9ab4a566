import { describe, expect, it } from "vitest";
import { editDistance, searchCatalogue, suggestNames, type CatalogueEntry } from "../../src/core/search.js";
import { communityModule } from "./factories.js";

const entries: CatalogueEntry[] = [
  communityModule("mod_muc_log", "Log chatroom messages"),
  communityModule("mod_muc", "Multi-user chat"),
  communityModule("mod_vcard_muc", "vCards for rooms"),
  communityModule("mod_pastebin", "Redirect long messages to a pastebin, handy in MUC rooms"),
  communityModule("mod_ping", "XMPP ping"),
].map((module) => ({ name: module.name, community: module, rock: undefined }));

describe("searchCatalogue", () => {
  it("ranks exact, then prefix, then name contains, then summary", () => {
    const hits = searchCatalogue(entries, "MUC");
    expect(hits.map((hit) => [hit.entry.name, hit.match])).toEqual([
      ["mod_muc", "exact"],
      ["mod_muc_log", "prefix"],
      ["mod_vcard_muc", "name"],
      ["mod_pastebin", "summary"],
    ]);
  });
  it("accepts the mod_ prefix in the query", () => {
    expect(searchCatalogue(entries, "mod_ping").map((hit) => hit.match)).toEqual(["exact"]);
  });
  it("finds nothing for words nowhere", () => {
    expect(searchCatalogue(entries, "kerberos")).toEqual([]);
  });
});

describe("suggestNames", () => {
  it("offers close names for a typo", () => {
    expect(suggestNames(entries.map((entry) => entry.name), "mod_pastebn")).toEqual(["mod_pastebin"]);
    expect(suggestNames(entries.map((entry) => entry.name), "mod_zzzzzzzzzzz")).toEqual([]);
  });
  it("edit distance counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});
