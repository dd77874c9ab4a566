import { describe, expect, it } from "vitest";
import { parseReadme, stageOf } from "../../src/core/metadata/readme.js";
import { STAGES } from "../../src/core/types.js";

const readme = (frontMatter: string, body = "Intro text.\n"): string => `---\n${frontMatter}\n---\n\n${body}`;

describe("parseReadme front matter", () => {
  it("reads summary, labels, stage, superseded_by and rockspec hints", () => {
    const meta = parseReadme(
      readme(
        "labels:\n- 'Stage-Beta'\n- Type-Auth\nsummary: \"Fast tokens\"\nsuperseded_by: mod\\_new\nrockspec:\n  dependencies:\n  - mod_sasl2\n  build:\n    modules:\n      mod_x.lib: lib.lua\n    copy_directories:\n    - html",
      ),
      "README.md",
    );
    expect(meta).toEqual({
      summary: "Fast tokens",
      stage: "Beta",
      labels: ["Stage-Beta", "Type-Auth"],
      supersededBy: "mod_new",
      rockspec: { dependencies: ["mod_sasl2"], buildModules: { "mod_x.lib": "lib.lua" }, copyDirectories: ["html"] },
      compatibility: undefined,
      introduction: "Intro text.",
      problems: [],
    });
  });

  it("accepts tab indentation, lower-case stages, `...` closers and CRLF", () => {
    const meta = parseReadme("---\r\nlabels:\r\n\t- Stage-alpha\r\nsummary: Tabbed\r\n...\r\nBody\r\n", "README.markdown");
    expect(meta).toMatchObject({ stage: "Alpha", labels: ["Stage-alpha"], summary: "Tabbed", introduction: "Body", problems: [] });
  });

  it.each(STAGES.map((stage) => [stage]))("maps Stage-%s in any case", (stage) => {
    expect(stageOf([`stage-${stage.toLowerCase()}`])).toBe(stage);
    expect(stageOf([`STAGE-${stage.toUpperCase()}`])).toBe(stage);
  });

  it("reports a Stage label that names no stage", () => {
    const meta = parseReadme(readme("labels:\n- Stage-Unstable\n- Stage-Beta"), "README.md");
    expect(meta.stage).toBe("Beta");
    expect(meta.problems).toEqual([expect.stringMatching(/'Stage-Unstable' names no known stage/)]);
  });

  it("treats empty labels and summary as absent", () => {
    expect(parseReadme("---\nlabels:\nsummary:\n---\n", "README.md")).toMatchObject({ labels: [], summary: undefined, stage: undefined, problems: [] });
  });

  it("reads a lone label and comma-separated labels", () => {
    expect(parseReadme(readme("labels: Stage-Stable"), "README.md").labels).toEqual(["Stage-Stable"]);
    expect(parseReadme(readme("labels: 'Stage-Stable, Type-Auth'"), "README.md").labels).toEqual(["Stage-Stable", "Type-Auth"]);
  });

  it("unescapes Markdown in summary, labels, superseded_by and dependencies", () => {
    const meta = parseReadme(readme("summary: Replaces mod\\_bosh\nlabels:\n- Type\\-Auth\nsuperseded_by: mod\\_bosh2\nrockspec:\n  dependencies:\n  - mod\\_sasl2"), "README.md");
    expect(meta).toMatchObject({ summary: "Replaces mod_bosh", labels: ["Type-Auth"], supersededBy: "mod_bosh2", rockspec: { dependencies: ["mod_sasl2"] } });
  });

  it("puts a block-scalar summary on one line", () => {
    expect(parseReadme(readme("summary: |\n    Two\n    lines"), "README.md").summary).toBe("Two lines");
  });

  it("reads a numeric summary as text, and falls back to description", () => {
    expect(parseReadme(readme("summary: 0.9"), "README.md").summary).toBe("0.9");
    expect(parseReadme(readme("description: CSI module"), "README.md").summary).toBe("CSI module");
  });

  it("normalises superseded_by and reports one that is no module name", () => {
    expect(parseReadme(readme("superseded_by: http_file_share"), "README.md").supersededBy).toBe("mod_http_file_share");
    const bad = parseReadme(readme("superseded_by: see the docs"), "README.md");
    expect(bad.supersededBy).toBeUndefined();
    expect(bad.problems).toEqual([expect.stringMatching(/superseded_by 'see the docs' is not a module name/)]);
  });

  it("reports rockspec hints of the wrong shape and keeps the rest", () => {
    const meta = parseReadme(readme("summary: Odd\nrockspec:\n  dependencies: mod_one\n  build:\n    modules:\n      a: a.lua\n      b: [x]\n    copy_directories: html"), "README.md");
    expect(meta.rockspec).toEqual({ dependencies: ["mod_one"], buildModules: { a: "a.lua" }, copyDirectories: ["html"] });
    expect(meta.problems).toEqual(["rockspec.build.modules.b is not a file path; ignored"]);
    expect(parseReadme(readme("rockspec: yes please"), "README.md").problems).toEqual(["rockspec: is not a mapping; ignored"]);
  });

  it("reports broken YAML but still reads summary and labels line by line", () => {
    const meta = parseReadme("---\nsummary: Still: here\nlabels:\n- Stage-Beta\n---\n\nBody", "README.md");
    expect(meta).toMatchObject({ summary: "Still: here", stage: "Beta", introduction: "Body" });
    expect(meta.problems).toEqual([expect.stringMatching(/not valid YAML/)]);
  });

  it("reads odd text itself, without falling back to its catch-all", () => {
    // parseReadme catches any error and reports "could not be read", so "does not throw" would prove nothing: what
    // matters is that the reader handles these inputs and still returns what it found.
    for (const text of ["", "---", "---\n---", "---\n...\n", "\u0000\u0001", "---\n: : :\n---\n# Compatibility\n|", "[[[[", "# \n=\n-\n"]) {
      const meta = parseReadme(text, "README.md");
      expect(meta.problems.filter((problem) => problem.includes("could not be read")), JSON.stringify(text)).toEqual([]);
      expect(meta, JSON.stringify(text)).toMatchObject({ summary: undefined, stage: undefined, labels: [], supersededBy: undefined });
    }
    expect(parseReadme("[[[[", "README.md").introduction).toBe("[[[[");
    expect(parseReadme("---\n: : :\n---\n", "README.md").problems).toEqual([expect.stringMatching(/not valid YAML/)]);
  });
});

describe("parseReadme introduction", () => {
  it("a README without front matter is all body", () => {
    const meta = parseReadme("# Introduction\n\nThis module does things.\n\n# Usage\n\nmore\n", "README.md");
    expect(meta).toMatchObject({ introduction: "This module does things.", problems: [], labels: [], stage: undefined });
  });

  it("drops an underlined Introduction heading", () => {
    expect(parseReadme(readme("summary: x", "Introduction\n============\n\nFirst.\n\nSecond.\n\nUsage\n=====\n\nNo."), "README.md").introduction).toBe("First.\n\nSecond.");
  });

  it("is the text before the first heading when there is some", () => {
    expect(parseReadme("Plain opening.\n\nConfiguration\n=============\n\nx = 1\n", "README.md").introduction).toBe("Plain opening.");
  });

  it("keeps a note above the Introduction heading", () => {
    const intro = parseReadme("-----\n\n**Note:** early.\n\n-----\n\nIntroduction\n============\n\nA firewall.\n\nDetails\n=======\n", "README.md").introduction;
    expect(intro).toBe("**Note:** early.\n\n-----\n\nA firewall.");
  });

  it("keeps a first heading that is not an Introduction", () => {
    expect(parseReadme("Details\n=======\n\nWhat it does.\n\nUsage\n=====\n", "README.md").introduction).toBe("Details\n=======\n\nWhat it does.");
  });

  it("is at most about 40 lines and never ends inside a code fence", () => {
    const long = Array.from({ length: 60 }, (_, index) => `line ${index}`).join("\n");
    expect(parseReadme(long, "README.md").introduction.split("\n").length).toBeLessThanOrEqual(40);
    const fenced = `${Array.from({ length: 30 }, () => "text").join("\n")}\n\n\`\`\`\n${Array.from({ length: 30 }, () => "code").join("\n")}\n\`\`\`\n`;
    const intro = parseReadme(fenced, "README.md").introduction;
    expect(intro).not.toContain("```");
    expect(intro.split("\n").length).toBe(30);
  });

  it("is empty for a README that is only front matter", () => {
    expect(parseReadme("---\nsummary: x\n---\n", "README.md").introduction).toBe("");
  });
});

describe("parseReadme compatibility", () => {
  it("reads the Compatibility section of the body", () => {
    const meta = parseReadme(readme("summary: x", "# Introduction\n\nHi.\n\n# Compatibility\n\n  ----- -----\n  0.12  Works\n  ----- -----\n"), "README.md");
    expect(meta.compatibility).toEqual({ rows: [{ version: "0.12", status: "Works", works: true }], prose: undefined });
  });
});
