import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseReadme } from "../../src/core/metadata/readme.js";
import { readmeIntroduction } from "../../src/core/metadata/readme-introduction.js";
import { communityRepo } from "../helpers/fixture-paths.js";

// `module info` reads the introduction without the YAML parser; it must still show what the full parse shows.
describe("readmeIntroduction", () => {
  it("gives the full parse's introduction for every README of the fixture's community tree", async () => {
    const dirs = (await fs.readdir(communityRepo)).filter((name) => name.startsWith("mod_"));
    let compared = 0;
    for (const dir of dirs) {
      for (const file of ["README.md", "README.markdown"]) {
        const text = await fs.readFile(path.join(communityRepo, dir, file), "utf8").catch(() => undefined);
        if (text === undefined) continue;
        expect(readmeIntroduction(text), `${dir}/${file}`).toBe(parseReadme(text, file).introduction);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("skips front matter that is not valid YAML, and keeps an unclosed one as text", () => {
    expect(readmeIntroduction("---\nlabels:\n\t- x: [\n---\nHello.\n")).toBe("Hello.");
    expect(readmeIntroduction("---\nsummary: x\n\nHello.\n")).toContain("Hello.");
  });
});
