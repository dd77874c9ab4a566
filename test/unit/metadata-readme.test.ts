import { describe, expect, it } from "vitest";
import { compatibilityFor, interpret, parseCompatibility } from "../../src/core/metadata/compatibility.js";
import { parseReadme } from "../../src/core/metadata/readme.js";

describe("parseReadme front matter hazards", () => {
  it("reads summary, labels, stage and rockspec hints", () => {
    const meta = parseReadme(
      "---\nlabels:\n- 'Stage-Beta'\n- Type-Auth\nsummary: \"Fast tokens\"\nrockspec:\n  dependencies:\n  - mod_sasl2\n  build:\n    modules:\n      mod_x.lib: lib.lua\n    copy_directories:\n    - html\nsuperseded_by: mod\\_new\n---\n\nIntro text.\n",
      "README.md",
    );
    expect(meta).toMatchObject({
      summary: "Fast tokens",
      labels: ["Stage-Beta", "Type-Auth"],
      stage: "Beta",
      supersededBy: "mod_new",
      rockspec: { dependencies: ["mod_sasl2"], buildModules: { "mod_x.lib": "lib.lua" }, copyDirectories: ["html"] },
      introduction: "Intro text.",
      problems: [],
    });
  });

  it("accepts tab indentation, lower-case stages, `...` closers and CRLF", () => {
    const meta = parseReadme("---\r\nlabels:\r\n\t- Stage-alpha\r\nsummary: Tabbed\r\n...\r\nBody\r\n", "README.markdown");
    expect(meta.stage).toBe("Alpha");
    expect(meta.summary).toBe("Tabbed");
  });

  it("treats empty labels and summary as absent", () => {
    const meta = parseReadme("---\nlabels:\nsummary:\n---\n", "README.md");
    expect(meta).toMatchObject({ labels: [], summary: undefined, stage: undefined, problems: [] });
  });

  it("unescapes Markdown in values", () => {
    expect(parseReadme("---\nsummary: Replaces mod\\_bosh\n---\n", "README.md").summary).toBe("Replaces mod_bosh");
  });

  it("reports broken YAML but still reads the summary line by line", () => {
    const meta = parseReadme("---\nsummary: Still here\nlabels: [unclosed\n---\n", "README.md");
    expect(meta.summary).toBe("Still here");
    expect(meta.problems[0]).toMatch(/not valid YAML/);
  });

  it("a README without front matter is all introduction", () => {
    const meta = parseReadme("# Introduction\n\nThis module does things.\n\n# Usage\n\nmore\n", "README.md");
    expect(meta.introduction).toBe("This module does things.");
    expect(meta.problems).toEqual([]);
  });
});

describe("compatibility", () => {
  it("reads pandoc simple tables under a setext heading", () => {
    const compat = parseCompatibility("Compatibility\n=============\n\n  ----- -------------\n  trunk Works\n  0.10  Should work\n  0.6   Doesn't work\n  ----- -------------\n");
    expect(compat?.rows).toEqual([
      { version: "trunk", status: "Works", works: true },
      { version: "0.10", status: "Should work", works: true },
      { version: "0.6", status: "Doesn't work", works: false },
    ]);
  });

  it("reads pipe tables and skips the header", () => {
    const compat = parseCompatibility("# Compatibility\n\n| Prosody-Version | Status |\n|---|---|\n| 0.12 | Works |\n| 0.11 | Does not work |\n\n# Next\n");
    expect(compat?.rows.map((row) => [row.version, row.works])).toEqual([["0.12", true], ["0.11", false]]);
    expect(compat?.prose).toBeUndefined();
  });

  it("keeps prose when there is no table", () => {
    const compat = parseCompatibility("## Compatibility\n\nWorks with Prosody 0.11.x and later.\n");
    expect(compat).toEqual({ rows: [], prose: "Works with Prosody 0.11.x and later." });
  });

  it("picks the row for an installed version", () => {
    const compat = parseCompatibility("# Compatibility\n\n  0.12.x Works\n  0.11 No\n  trunk Works\n");
    expect(compatibilityFor(compat, "0.12.3")?.status).toBe("Works");
    expect(compatibilityFor(compat, "0.11.9")?.works).toBe(false);
    expect(compatibilityFor(compat, "0.9.1")).toBeUndefined();
  });

  it.each([["Works", true], ["Doesn't work", false], ["Not needed", false], ["Untested", undefined], ["Merged into 0.12", false]])("interprets %s", (text, works) => {
    expect(interpret(text)).toBe(works);
  });
});
