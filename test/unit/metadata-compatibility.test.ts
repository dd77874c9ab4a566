import { describe, expect, it } from "vitest";
import { compatibilityFor, interpretStatus, parseCompatibility } from "../../src/core/metadata/compatibility.js";
import type { Compatibility } from "../../src/core/types.js";

const versionsAndWorks = (compat: Compatibility | undefined): [string, boolean | undefined][] =>
  (compat?.rows ?? []).map((row) => [row.version, row.works]);

describe("parseCompatibility: finding the section", () => {
  it.each([
    ["# Compatibility", "# Compatibility\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"],
    ["## Compatibility", "## Compatibility\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"],
    ["#### Compatibility", "#### Compatibility\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"],
    ["=== underline", "Compatibility\n=============\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"],
    ["--- underline", "Compatibility\n-------------\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"],
  ])("%s", (_, body) => {
    expect(parseCompatibility(`Intro text.\n\n${body}`)).toEqual({ rows: [{ version: "0.12", status: "Works", works: true }], prose: undefined });
  });

  it("is undefined without a Compatibility heading, or when the section is empty", () => {
    expect(parseCompatibility("# Usage\n\nCompatible with everything.\n")).toBeUndefined();
    expect(parseCompatibility("# Compatible TURN servers\n\n- coturn\n")).toBeUndefined();
    expect(parseCompatibility("# Compatibility\n\n# Next\n\ntext")).toBeUndefined();
  });

  it("ends at the next heading, even a deeper one that is not about versions", () => {
    const compat = parseCompatibility("# Compatibility\n\n- Works with 0.11\n\n## Clients\n\n- Gajim\n");
    expect(compat).toEqual({ rows: [], prose: "- Works with 0.11" });
  });

  it("keeps a deeper heading that names a version", () => {
    const compat = parseCompatibility("## Compatibility\n\n### Prosody 0.12\n\nWorks.\n\n## Next\n");
    expect(compat?.prose).toBe("### Prosody 0.12\n\nWorks.");
  });

  it("a heading inside a code fence does not end the section", () => {
    const compat = parseCompatibility("# Compatibility\n\nPatch:\n\n```\n# not a heading\n```\n\nDone.\n");
    expect(compat?.prose).toBe("Patch:\n\n```\n# not a heading\n```\n\nDone.");
  });
});

describe("parseCompatibility: tables", () => {
  it("reads pandoc simple tables without a header", () => {
    const compat = parseCompatibility("Compatibility\n=============\n\n  ----- -------------\n  trunk Works\n  0.10  Should work\n  0.6   Doesn't work\n  ----- -------------\n");
    expect(compat?.rows).toEqual([
      { version: "trunk", status: "Works", works: true },
      { version: "0.10", status: "Should work", works: true },
      { version: "0.6", status: "Doesn't work", works: false },
    ]);
    expect(compat?.prose).toBeUndefined();
  });

  it("cuts columns where the rule says, so a version cell may hold words", () => {
    const compat = parseCompatibility("# Compatibility\n\n  ----------------- --------------\n  trunk             Works\n  0.10 and later    Works\n  0.9 and earlier   Doesn't work\n  ----------------- --------------\n");
    expect(versionsAndWorks(compat)).toEqual([["trunk", true], ["0.10 and later", true], ["0.9 and earlier", false]]);
  });

  it("skips the header row above the rule", () => {
    const compat = parseCompatibility("# Compatibility\n\n  Prosody-Version Status\n  --------------- ----------------------\n  trunk           Works as of 2024-12-22\n  0.12            Works\n");
    expect(versionsAndWorks(compat)).toEqual([["trunk", true], ["0.12", true]]);
    expect(compat?.prose).toBeUndefined();
  });

  it("keeps a word that runs past the column edge whole", () => {
    const compat = parseCompatibility("# Compatibility\n\n------ -----\n  trunk  Works\n  0.9    Support dropped\n------ -----\n");
    expect(compat?.rows).toEqual([
      { version: "trunk", status: "Works", works: true },
      { version: "0.9", status: "Support dropped", works: false },
    ]);
  });

  it("reads a row whose version is not a number when the table says it is a row", () => {
    const compat = parseCompatibility("# Compatibility\n\n  Version   State\n  --------- -------\n  Any       *TBD*\n");
    expect(compat?.rows).toEqual([{ version: "Any", status: "TBD", works: undefined }]);
  });

  it("joins a wrapped cell to its row", () => {
    const compat = parseCompatibility("# Compatibility\n\n  ----- ------------------\n  0.11  Works, but only in\n        opt-in mode\n  ----- ------------------\n");
    expect(compat?.rows).toEqual([{ version: "0.11", status: "Works, but only in opt-in mode", works: true }]);
  });

  it("reads pipe tables and skips the header and separator", () => {
    const compat = parseCompatibility("# Compatibility\n\n| Prosody-Version | Status |\n|---|:---:|\n| 0.12 | Works |\n| 0.11 | Does not work |\n\n# Next\n");
    expect(versionsAndWorks(compat)).toEqual([["0.12", true], ["0.11", false]]);
    expect(compat?.prose).toBeUndefined();
  });

  it("reads pipe tables without a header", () => {
    expect(versionsAndWorks(parseCompatibility("## Compatibility\n\n| trunk | Works |\n| 0.12  | Works |\n"))).toEqual([["trunk", true], ["0.12", true]]);
  });

  it("reads a header row that is not above a separator by its words", () => {
    expect(versionsAndWorks(parseCompatibility("# Compatibility\n\n| Version | Status |\n| 0.12 | ✓ |\n"))).toEqual([["0.12", true]]);
  });

  it("reads indented version lines without a rule", () => {
    const compat = parseCompatibility("# Compatibility\n\n  0.12.x Works\n  0.11   No\n");
    expect(versionsAndWorks(compat)).toEqual([["0.12.x", true], ["0.11", false]]);
  });

  it("keeps prose when there is no table, and prose besides a table", () => {
    expect(parseCompatibility("## Compatibility\n\nWorks with Prosody 0.11.x and later.\n")).toEqual({ rows: [], prose: "Works with Prosody 0.11.x and later." });
    const both = parseCompatibility("# Compatibility\n\nNeeds a patch on 0.9:\n\n    diff a b\n\n  ----- -----\n  0.10  Works\n  ----- -----\n\nNote this.\n");
    expect(both).toEqual({ rows: [{ version: "0.10", status: "Works", works: true }], prose: "Needs a patch on 0.9:\n\n    diff a b\n\nNote this." });
  });

  it("a lone version line that is not indented stays prose", () => {
    expect(parseCompatibility("Compatibility\n-------------\n\n0.9\n")).toEqual({ rows: [], prose: "0.9" });
  });

  it("drops link and footnote definitions that only happen to end the file", () => {
    const compat = parseCompatibility("# Compatibility\n\n  ----- -----\n  0.11  Works\n  ----- -----\n\n[1]: https://example.com\n[^2]: A footnote\n    that goes on\n");
    expect(compat?.prose).toBeUndefined();
  });
});

describe("interpretStatus", () => {
  it.each([
    ["Works", true],
    ["works", true],
    ["Yes", true],
    ["✓", true],
    ["✔", true],
    ["Should work", true],
    ["Works, but only the opt-in mode", true],
    ["Works but will conflict with mod_blocklist", true],
    ["Works as of 2024-12-22", true],
    ["Does not work", false],
    ["Doesn't work", false],
    ["Doesn’t work (uses is_admin)", false],
    ["doesnt work", false],
    ["Won't work", false],
    ["Important: works", true],
    ["No", false],
    ["Not needed", false],
    ["Not needed, merged into Prosody", false],
    ["Broken", false],
    ["broken since 0.12", false],
    ["Support dropped, use last supported version 675726ab06d3", false],
    ["Merged into 0.12", false],
    ["Incompatible", false],
    ["✗", false],
    ["✘", false],
    ["❌", false],
    ["×", false],
    ["✅", true],
    ["Untested. Probably doesn't.", undefined],
    ["Might not work", undefined],
    ["TBD", undefined],
    ["Need a patched core/mod_component.lua (see above)", undefined],
    ["?", undefined],
    ["", undefined],
    ["Some text", undefined],
  ])("%j → %s", (status, works) => {
    expect(interpretStatus(status)).toBe(works);
  });
});

describe("compatibilityFor", () => {
  const table = (...versions: string[]): Compatibility => ({
    rows: versions.map((version) => ({ version, status: `row ${version}`, works: true })),
    prose: undefined,
  });
  const pick = (compat: Compatibility, version: string): string | undefined => compatibilityFor(compat, version)?.version;

  it("matches the major.minor row of a point release", () => {
    expect(pick(table("trunk", "0.12", "0.11"), "0.12.3")).toBe("0.12");
    expect(pick(table("0.12.x", "0.11"), "0.12.3")).toBe("0.12.x");
    expect(pick(table("0.11", "0.12"), "0.12")).toBe("0.12");
  });

  it("prefers the most specific row", () => {
    expect(pick(table("0.12", "0.12.3", "0.12.1"), "0.12.3")).toBe("0.12.3");
    expect(pick(table("0.10 and later", "0.12"), "0.12.3")).toBe("0.12");
    expect(pick(table("Any", "0.11+"), "0.12.0")).toBe("0.11+");
  });

  it("trunk never matches a release, and a release row never matches trunk", () => {
    expect(pick(table("trunk"), "0.12.3")).toBeUndefined();
    expect(pick(table("0.12", "trunk"), "trunk")).toBe("trunk");
  });

  it("does not confuse 0.1 with 0.12, nor another point release", () => {
    expect(pick(table("0.1", "0.12.1"), "0.12.3")).toBeUndefined();
  });

  it("understands ranges", () => {
    expect(pick(table("0.9 and earlier", "0.10 and later"), "0.12.3")).toBe("0.10 and later");
    expect(pick(table("0.9 and earlier", "0.10 and later"), "0.9.14")).toBe("0.9 and earlier");
    expect(pick(table(">= 0.11"), "0.12.3")).toBe(">= 0.11");
    expect(pick(table("0.9 - 0.11"), "0.10.2")).toBe("0.9 - 0.11");
    expect(pick(table("0.9 - 0.11"), "0.12.0")).toBeUndefined();
    expect(pick(table("≥ 0.11"), "0.12.3")).toBe("≥ 0.11");
    expect(pick(table("≤ 0.11"), "0.12.3")).toBeUndefined();
    expect(pick(table("≤ 0.11"), "0.10.1")).toBe("≤ 0.11");
    expect(pick(table("0.9 – 0.11"), "0.10.2")).toBe("0.9 – 0.11");
  });

  it("handles Prosody 13's version numbers and Debian suffixes", () => {
    expect(pick(table("13.0", "0.12"), "13.0.1")).toBe("13.0");
    expect(pick(table("0.12"), "0.12.3+dfsg-1")).toBe("0.12");
  });

  it("is undefined without rows, without a table, or for an unreadable version", () => {
    expect(compatibilityFor(undefined, "0.12.3")).toBeUndefined();
    expect(compatibilityFor({ rows: [], prose: "Works" }, "0.12.3")).toBeUndefined();
    expect(pick(table("0.12"), "unknown")).toBeUndefined();
  });

  it("works on parsed sections", () => {
    const compat = parseCompatibility("# Compatibility\n\n  ------ -------\n  0.12.x Works\n  0.11   No\n  trunk  Works\n  ------ -------\n");
    expect(compatibilityFor(compat, "0.12.3")?.status).toBe("Works");
    expect(compatibilityFor(compat, "0.11.9")?.works).toBe(false);
    expect(compatibilityFor(compat, "0.9.1")).toBeUndefined();
  });
});
