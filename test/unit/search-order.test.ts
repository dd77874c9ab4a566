import { describe, expect, it } from "vitest";
import { searchCatalogue, type CatalogueEntry } from "../../src/core/search.js";
import type { ModuleName } from "../../src/core/types.js";

// Search sorts without ICU's collator; the order must stay the one localeCompare gave.
describe("search order", () => {
  it("sorts hits of one rank and length as localeCompare does: _ before digits before letters", () => {
    // Equal lengths: within a rank, shorter names come first, then the name order under test.
    const names = ["mod_muc_z", "mod_muc1a", "mod_muc_2", "mod_mucaa", "mod_muc__", "mod_muc9x", "mod_muc_b", "mod_mucb1", "mod_mucab"];
    const entries: CatalogueEntry[] = names.map((name) => ({ name: name as ModuleName, community: undefined, rock: undefined }));
    const prefixHits = searchCatalogue(entries, "mu").map((hit) => hit.entry.name);
    expect(prefixHits).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
