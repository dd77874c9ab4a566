import { describe, expect, it } from "vitest";
import { compareRockVersions, newestFirst } from "../../src/core/rock-version.js";

describe("rock versions in LuaRocks' order", () => {
  it("compares numbers as numbers, a missing part as 0, words after numbers, then the revision", () => {
    expect(compareRockVersions("10-1", "9-1")).toBeGreaterThan(0);
    expect(compareRockVersions("1.10-1", "1.9-1")).toBeGreaterThan(0);
    expect(compareRockVersions("1.0-1", "1-1")).toBe(0);
    expect(compareRockVersions("scm-1", "99-1")).toBeGreaterThan(0);
    expect(compareRockVersions("2-3", "2-10")).toBeLessThan(0);
    expect(compareRockVersions("dev-1", "scm-1")).toBeLessThan(0);
  });

  it("newest first is the sort by that comparison, for any order given", () => {
    const versions = ["1-1", "12-1", "2-1", "2-2", "1.0.1-1", "scm-1", "dev-1", "0.9-1", "1.10-1", "1.9-1", "100-1", "3-1", "3.0-2"];
    const expected = [...versions].sort((a, b) => compareRockVersions(b, a));
    expect(expected.slice(0, 3)).toEqual(["scm-1", "dev-1", "100-1"]);
    for (let shift = 0; shift < versions.length; shift++) {
      const given = [...versions.slice(shift), ...versions.slice(0, shift)].reverse();
      expect(newestFirst(given)).toEqual([...given].sort((a, b) => compareRockVersions(b, a)));
    }
    expect(newestFirst(new Set(["1-1", "2-1"]))).toEqual(["2-1", "1-1"]);
  });
});
