import { describe, expect, it } from "vitest";
import { searchCatalogue, type CatalogueEntry } from "../../src/core/search.js";
import type { ModuleName } from "../../src/core/types.js";

// Search sorts without ICU's collator; the order must stay the one localeCompare gave.
describe("search order", () => {
  it("sorts hits of one rank as localeCompare does: _ before digits before letters", () => {
    const names = ["mod_muc_z", "mod_muc1", "mod_muc_a2", "mod_muca", "mod_muc_", "mod_muc9x", "mod_muc_a_b", "mod_mucb_1", "mod_muc"];
    const entries: CatalogueEntry[] = names.map((name) => ({ name: name as ModuleName, community: undefined, rock: undefined }));
    const prefixHits = searchCatalogue(entries, "mu").map((hit) => hit.entry.name);
    expect(prefixHits).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
