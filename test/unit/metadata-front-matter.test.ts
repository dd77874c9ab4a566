import { describe, expect, it } from "vitest";
import { splitFrontMatter } from "../../src/core/metadata/front-matter.js";
import { findHeadings, plainText, unescapeMarkdown } from "../../src/core/metadata/markdown.js";
import { readLooseYaml } from "../../src/core/metadata/yaml-fallback.js";

describe("splitFrontMatter", () => {
  it("splits YAML closed by --- from the body", () => {
    expect(splitFrontMatter("---\nsummary: Hi\n---\nBody\n")).toEqual({ data: { summary: "Hi" }, body: "Body\n", problems: [] });
  });

  it("accepts ... as the closer, as pandoc writes it", () => {
    expect(splitFrontMatter("---\nsummary: Hi\n...\n\nBody").data).toEqual({ summary: "Hi" });
  });

  it("reads CRLF files and a byte-order mark", () => {
    const split = splitFrontMatter("\uFEFF---\r\nsummary: Hi\r\n---\r\nLine 1\r\nLine 2\r\n");
    expect(split.data).toEqual({ summary: "Hi" });
    expect(split.body).toBe("Line 1\nLine 2\n");
  });

  it("a README without front matter is all body", () => {
    expect(splitFrontMatter("# Introduction\n\nText")).toEqual({ data: undefined, body: "# Introduction\n\nText", problems: [] });
  });

  it("a long horizontal rule on the first line is not front matter", () => {
    expect(splitFrontMatter("----------\n\nNote\n").data).toBeUndefined();
  });

  it("reports front matter that is never closed and keeps the text as body", () => {
    const split = splitFrontMatter("---\nsummary: Hi\n\nBody");
    expect(split.data).toBeUndefined();
    expect(split.body).toBe("---\nsummary: Hi\n\nBody");
    expect(split.problems).toEqual([expect.stringMatching(/never closed/)]);
  });

  it("empty keys are null, as YAML says", () => {
    expect(splitFrontMatter("---\nlabels:\nsummary:\n---\n").data).toEqual({ labels: null, summary: null });
  });

  it("quoted and bare labels read alike", () => {
    expect(splitFrontMatter("---\nlabels:\n- 'Stage-Beta'\n- \"Type-Auth\"\n- Type-Storage\n---\n").data).toEqual({
      labels: ["Stage-Beta", "Type-Auth", "Type-Storage"],
    });
  });

  it("repairs tab indentation and reports nothing", () => {
    const yaml = "---\nlabels:\n\t- Stage-Beta\nrockspec:\n\tdependencies:\n\t\t- mod_sasl2\n\tbuild:\n\t\tcopy_directories:\n\t\t- html\n---\n";
    expect(splitFrontMatter(yaml)).toMatchObject({
      data: { labels: ["Stage-Beta"], rockspec: { dependencies: ["mod_sasl2"], build: { copy_directories: ["html"] } } },
      problems: [],
    });
  });

  it("repairs a tab after a list dash", () => {
    expect(splitFrontMatter("---\nlabels:\n-\tStage-Beta\n---\n").data).toEqual({ labels: ["Stage-Beta"] });
  });

  it("forgives a repeated key: the last one wins", () => {
    expect(splitFrontMatter("---\nsummary: One\nsummary: Two\n---\n")).toMatchObject({ data: { summary: "Two" }, problems: [] });
  });

  it("reads what it can line by line when the YAML is broken, and says so", () => {
    const split = splitFrontMatter("---\nsummary: Mixes: colons and [brackets\nlabels:\n- Stage-Alpha\nrockspec: {\n---\nBody");
    expect(split.data).toMatchObject({ summary: "Mixes: colons and [brackets", labels: ["Stage-Alpha"] });
    expect(split.body).toBe("Body");
    expect(split.problems).toEqual([expect.stringMatching(/^front matter is not valid YAML \(.+\); read line by line: summary, labels, rockspec$/)]);
  });

  it("reports front matter that is a list, not a mapping", () => {
    const split = splitFrontMatter("---\n- a\n- b\n---\n");
    expect(split.problems[0]).toMatch(/not valid YAML \(front matter is not a mapping/);
  });
});

describe("readLooseYaml", () => {
  it("reads scalars, quoted scalars, inline and block lists, and nested keys", () => {
    expect(
      readLooseYaml("summary: 'It''s: here'\nlabels: [Stage-Beta, 'Type-Auth']\nrockspec:\n  dependencies:\n  - mod_a\n  build:\n    copy_directories:\n      - html\nempty:\n"),
    ).toEqual({
      summary: "It's: here",
      labels: ["Stage-Beta", "Type-Auth"],
      rockspec: { dependencies: ["mod_a"], build: { copy_directories: ["html"] } },
      empty: null,
    });
  });

  it("skips what it cannot read", () => {
    expect(readLooseYaml("{{{\nsummary: ok\n  : nonsense\n")).toEqual({ summary: "ok" });
  });
});

describe("markdown helpers", () => {
  it("unescapes Markdown backslash escapes", () => {
    expect(unescapeMarkdown("mod\\_bosh \\*not\\* \\\\ a\\b")).toBe("mod_bosh *not* \\ a\\b");
  });

  it("plainText drops links, emphasis and code marks but keeps underscores in names", () => {
    expect(plainText("**Works**, see [mod\\_x](https://x) and `y` or *z* _w_ mod_a_b")).toBe("Works, see mod_x and y or z w mod_a_b");
  });

  it("finds ATX and underlined headings, not lines in code fences or table rules", () => {
    const lines = ["Intro", "=====", "", "```sh", "# not a heading", "```", "## Usage ##", "text", "Compatibility", "-------------", "", "  ----- -----", "  0.9   Works"];
    expect(findHeadings(lines)).toEqual([
      { line: 0, level: 1, title: "Intro", span: 2 },
      { line: 6, level: 2, title: "Usage", span: 1 },
      { line: 8, level: 2, title: "Compatibility", span: 2 },
    ]);
  });

  it("a list item or an indented line above dashes is not a heading", () => {
    expect(findHeadings(["- item", "---", "", "    code", "===="])).toEqual([]);
  });
});
