import { describe, expect, it } from "vitest";
import { progressEnabled, progressFor } from "../../src/app/progress.js";
import { formatExamples, helpWidth, unwrapParagraphs } from "../../src/cli/help-format.js";
import { parseHgProgress, progressReader, withoutProgress } from "../../src/sources/community/hg-progress.js";

describe("hg progress", () => {
  it("reads hg's progress lines with or without a bar", () => {
    expect(parseHgProgress("linking [=====>      ]  30/261 01s")).toBe("linking 30/261");
    expect(parseHgProgress("adding changesets 120/5000")).toBe("adding changesets 120/5000");
    expect(parseHgProgress("requesting all changes")).toBeUndefined();
  });
  it("feeds the newest progress of a chunk, and strips progress from error output", () => {
    const seen: string[] = [];
    progressReader((detail) => seen.push(detail))("\rfiles 1/9\rfiles 2/9\r   \r");
    expect(seen).toEqual(["files 2/9"]);
    expect(withoutProgress("\rfiles 1/9\r      \rabort: repository not found\n")).toBe("abort: repository not found\n");
  });
});

describe("progress", () => {
  const flags = { quiet: false } as never;
  it("only on a terminal, never with --quiet or TERM=dumb", () => {
    expect(progressEnabled({ write: () => true, isTTY: true }, {}, false)).toBe(true);
    expect(progressEnabled({ write: () => true }, {}, false)).toBe(false);
    expect(progressEnabled({ write: () => true, isTTY: true }, {}, true)).toBe(false);
    expect(progressEnabled({ write: () => true, isTTY: true }, { TERM: "dumb" }, false)).toBe(false);
  });
  it("writes nothing at all on a pipe", () => {
    const written: string[] = [];
    const progress = progressFor({ stderr: { write: (text: string) => written.push(text) }, env: {}, flags: { ...(flags as object), quiet: false } as never });
    const phase = progress.start("cloning");
    phase.update("files 1/2");
    phase.end();
    expect(written).toEqual([]);
  });
  it("on a terminal draws one line in place and clears it at the end", () => {
    const written: string[] = [];
    const progress = progressFor({ stderr: { write: (text: string) => written.push(text), isTTY: true }, env: {}, flags: { quiet: false } as never });
    const phase = progress.start("cloning");
    phase.update("files 1/2");
    phase.end();
    expect(written).toEqual(["\r\u001b[K… cloning", "\r\u001b[K… cloning files 1/2", "\r\u001b[K"]);
  });
});

describe("help formatting", () => {
  it("width: the terminal's, else COLUMNS, else 80", () => {
    expect(helpWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(helpWidth({ isTTY: false }, { COLUMNS: "100" })).toBe(100);
    expect(helpWidth({}, { COLUMNS: "junk" })).toBe(80);
  });
  it("joins lines inside a paragraph, keeps blank and indented lines", () => {
    expect(unwrapParagraphs("one\ntwo\n\nthree\n  - item")).toBe("one two\n\nthree\n  - item");
  });
  it("cuts long examples with a continuation", () => {
    expect(formatExamples(["prosody-manager module install mod_a mod_b mod_c"], 44)).toBe(
      "  $ prosody-manager module install mod_a \\\n      mod_b mod_c",
    );
  });
});
