import { describe, expect, it } from "vitest";
import { compareModuleNames } from "../../src/core/names.js";
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

  it("gives the same order whether the entries come in name order (the search view's) or in any other", () => {
    const names = ["mod_muc_b", "mod_muc_a", "mod_muc", "mod_mucx", "mod_mucb1", "mod_mucab", "mod_muc_log", "mod_muc_z", "mod_muc1a", "mod_muc__"];
    const entries = (order: readonly string[]): CatalogueEntry[] => order.map((name) => ({ name: name as ModuleName, community: undefined, rock: undefined }));
    const sorted = [...names].sort(compareModuleNames);
    const expected = searchCatalogue(entries(sorted), "muc").map((hit) => hit.entry.name);
    expect(expected).toHaveLength(names.length);
    expect(expected[0]).toBe("mod_muc");
    for (const order of [names, [...sorted].reverse(), [...names].reverse()]) expect(searchCatalogue(entries(order), "muc").map((hit) => hit.entry.name)).toEqual(expected);
  });

  it("compares names of any length and characters as _ before everything else, then by code units", () => {
    // The plain definition, with the strings it makes, against the comparison that makes none.
    const reference = (a: string, b: string): number => {
      const x = a.replaceAll("_", "\u0000");
      const y = b.replaceAll("_", "\u0000");
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const alphabet = ["_", "a", "b", "z", "0", "9", "\u0000", "-", "\u00e9"];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = (): string => Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (let round = 0; round < 5000; round++) {
      const a = word();
      const b = random() < 0.3 ? a + word() : word();
      expect([a, b, compareModuleNames(a, b)]).toEqual([a, b, reference(a, b)]);
      expect(compareModuleNames(b, a)).toBe(reference(b, a));
    }
  });
});
