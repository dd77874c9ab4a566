// The fast front-matter reader against the full YAML parser: wherever it answers, it must answer what `yaml` does,
// on every real README we have (the fixture's community tree, Debian's package, the bench's generated tree) and on
// the odd shapes the real tree has shown or could show.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { frontMatterBounds } from "../../src/core/metadata/front-matter-bounds.js";
import { readSimpleYaml } from "../../src/core/metadata/yaml-simple.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What front-matter.ts takes from the full parser: the mapping, or undefined when it reports an error. */
function fullParse(yamlText: string): unknown {
  const document = parseDocument(yamlText, { uniqueKeys: false, prettyErrors: false });
  if (document.errors.length > 0) return "error";
  return document.toJS({ maxAliasCount: 100 }) ?? {};
}

function readmesUnder(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/^README.*\.(md|markdown)(\.gz)?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = readFileSync(file);
    out.push({ file, text: (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8") });
  }
  return out;
}

describe("readSimpleYaml on real READMEs", () => {
  const sources = [
    path.join(repoRoot, "fixtures/build/community"),
    path.join(repoRoot, "fixtures/build/deb/root/usr/share/doc/prosody-modules"),
    path.join(repoRoot, "bench/.data/community"),
  ];
  const readmes = sources.flatMap(readmesUnder);

  it.runIf(readmes.length > 0)("answers what the full parser answers, and reads most of them itself", () => {
    let read = 0;
    let withFrontMatter = 0;
    for (const { file, text } of readmes) {
      const { yamlText } = frontMatterBounds(text);
      if (yamlText === undefined) continue;
      withFrontMatter++;
      const simple = readSimpleYaml(yamlText);
      if (simple === undefined) continue;
      read++;
      expect({ file, data: simple }).toEqual({ file, data: fullParse(yamlText) });
    }
    // The common shapes are the point of it: if it fell back on most real READMEs it would save nothing.
    expect(read).toBeGreaterThan(withFrontMatter * 0.8);
  });
});

describe("readSimpleYaml on odd front matter", () => {
  const cases: [string, string][] = [
    ["plain", "summary: A module\nlabels:\n- Stage-Beta\n- Type-Auth\n"],
    ["quoted", "summary: 'It''s quoted'\nlabels:\n- 'Stage-Alpha'\n- \"Type-Web\"\n"],
    ["indented list", "labels:\n  - Stage-Stable\nsummary: x\n"],
    ["empty values", "summary:\nlabels:\n"],
    ["empty document", "\n\n"],
    ["rockspec nesting", "rockspec:\n  dependencies:\n  - mod_a\n  - mod_b\n  build:\n    modules:\n      mod_x.lib: lib.lua\n    copy_directories:\n    - html\nsummary: s\n"],
    ["comment", "summary: A # not a comment?\n# a comment\nlabels: [a]\n"],
    ["block scalar", "summary: |\n  line one\n  line two\n"],
    ["folded scalar", "summary: >\n  folded\n  text\n"],
    ["flow list", "labels: [Stage-Beta, 'Type-Auth']\n"],
    ["flow mapping", "rockspec: {dependencies: [mod_a]}\n"],
    ["multi-line plain", "summary: Authentication module for 'HA1' hashed credentials in a text file, as\n    used by reTurnServer\n"],
    ["multi-line quoted", "summary: 'one\n  two'\n"],
    ["number", "summary: 0.9\n"],
    ["boolean and null", "summary: true\ndescription: ~\ntitle: Null\n"],
    ["escape", 'summary: "tab\\there"\n'],
    ["markdown escape", "superseded_by: mod\\_bosh\n"],
    ["tab indentation", "labels:\n\t- Stage-Beta\n"],
    ["repeated key", "summary: one\nsummary: two\n"],
    ["colon in value", "summary: a: b\n"],
    ["url value", "summary: see https://example.org/x\n"],
    ["anchor", "a: &x 1\nb: *x\n"],
    ["list of mappings", "labels:\n- name: x\n"],
    ["nested list", "labels:\n- a\n  - b\n"],
    ["bad indent", "rockspec:\n    build:\n  dependencies: x\n"],
    ["trailing quote text", "summary: 'a' b\n"],
    ["no space after colon", "summary:x\n"],
    ["non-breaking space", "summary: x\u00a0\n"],
    ["emoji", "summary: Fun 😀\n"],
    ["apostrophe in plain", "summary: Don't panic, it's fine\n"],
    ["question mark key", "? summary\n: x\n"],
    ["indented document", "  summary: x\n  labels: y\n"],
    ["proto key", "__proto__: x\n"],
    ["dash value", "summary: - x\n"],
    ["empty list item", "labels:\n-\n- a\n"],
  ];
  it.each(cases)("%s: falls back, or answers what yaml does", (_name, yamlText) => {
    const simple = readSimpleYaml(yamlText);
    if (simple !== undefined) expect(simple).toEqual(fullParse(yamlText));
  });

  it("reads the usual shapes itself", () => {
    expect(readSimpleYaml(cases[0]?.[1] ?? "")).toEqual({ summary: "A module", labels: ["Stage-Beta", "Type-Auth"] });
    expect(readSimpleYaml(cases[5]?.[1] ?? "")).toEqual({
      rockspec: { dependencies: ["mod_a", "mod_b"], build: { modules: { "mod_x.lib": "lib.lua" }, copy_directories: ["html"] } },
      summary: "s",
    });
    expect(readSimpleYaml(cases[3]?.[1] ?? "")).toEqual({ summary: null, labels: null });
  });

  it("leaves values YAML reads as something other than text to the full parser", () => {
    for (const yamlText of ["summary: 0.9\n", "summary: true\n", "summary: ~\n", "summary: |\n  x\n", "labels: [a]\n", "summary: x # c\n"]) {
      expect(readSimpleYaml(yamlText)).toBeUndefined();
    }
  });
});
