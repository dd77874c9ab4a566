import { describe, expect, it } from "vitest";
import { countChangesSince } from "../../src/core/change-counts.js";

describe("countChangesSince", () => {
  const history = [
    { short: "aaaaaaaaaaaa", files: ["mod_a/mod_a.lua", "mod_b/mod_b.lua"] },
    { short: "bbbbbbbbbbbb", files: ["mod_a/README.md", "mod_ab/mod_ab.lua"] },
    { short: "cccccccccccc", files: ["mod_b/mod_b.lua"] },
  ];
  it("counts later changesets touching the module's own directory only", () => {
    const counts = countChangesSince(history, [
      { name: "mod_a", revision: "aaaaaaaaaaaa" },
      { name: "mod_b", revision: "aaaaaaaaaaaa" },
      { name: "mod_ab", revision: "bbbbbbbbbbbb" },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ mod_a: 1, mod_b: 1, mod_ab: 0 });
  });
  it("accepts longer or shorter hashes and skips revisions not in the history", () => {
    expect(countChangesSince(history, [{ name: "mod_b", revision: "bbbbbbbbbbbbffff" }]).get("mod_b")).toBe(1);
    expect(countChangesSince(history, [{ name: "mod_b", revision: "dddddddddddd" }]).has("mod_b")).toBe(false);
  });
});
