import { parseDocument } from "yaml";
import { frontMatterBounds } from "./front-matter-bounds.js";
import { readLooseYaml } from "./yaml-fallback.js";
import { readSimpleYaml } from "./yaml-simple.js";

export interface FrontMatter {
  /** The YAML mapping; undefined when the README has none. */
  data: Record<string, unknown> | undefined;
  /** The rest of the README, with `\n` line ends. */
  body: string;
  problems: string[];
}

/** Splits `---\n<yaml>\n(---|...)\n<body>`; a README without front matter is all body. */
export function splitFrontMatter(text: string): FrontMatter {
  const { yamlText, body, unclosed } = frontMatterBounds(text);
  if (unclosed) return { data: undefined, body, problems: ["front matter starts with --- but is never closed by --- or ..."] };
  if (yamlText === undefined) return { data: undefined, body, problems: [] };
  const { data, problem } = readFrontMatterYaml(yamlText);
  return { data, body, problems: problem === undefined ? [] : [problem] };
}

function readFrontMatterYaml(yamlText: string): { data: Record<string, unknown>; problem?: string } {
  const simple = readSimpleYaml(yamlText);
  if (simple) return { data: simple };
  let firstError = "";
  for (const attempt of tabRepairs(yamlText)) {
    const result = parseMapping(attempt);
    if (typeof result !== "string") return { data: result };
    firstError ||= result;
  }
  const loose = readLooseYaml(yamlText);
  const keys = Object.keys(loose);
  return {
    data: loose,
    problem: `front matter is not valid YAML (${firstError}); read line by line: ${keys.length > 0 ? keys.join(", ") : "nothing"}`,
  };
}

/**
 * YAML forbids tabs in indentation, yet people type them. The text as written comes first; then a tab as two spaces
 * (one level, the usual style of these READMEs); then tabs expanded to 8-column stops, as a terminal shows them.
 */
function tabRepairs(yamlText: string): string[] {
  if (!/^[ \t]*(-[ \t]+)?\t/m.test(yamlText)) return [yamlText];
  const repair = (expand: (indent: string) => string): string =>
    yamlText.replace(/^[ \t]*(?:-[ \t]+)?/gm, (indent) => expand(indent));
  const twoSpaces = repair((indent) => indent.replace(/\t/g, "  "));
  const tabStops = repair((indent) => {
    let out = "";
    for (const char of indent) out += char === "\t" ? " ".repeat(8 - (out.length % 8)) : char;
    return out;
  });
  return [yamlText, twoSpaces, tabStops];
}

/** The mapping, or the first error as one line. */
function parseMapping(yamlText: string): Record<string, unknown> | string {
  try {
    // uniqueKeys off: a repeated key is a slip to forgive (the last one wins), not a reason to drop the README.
    const document = parseDocument(yamlText, { uniqueKeys: false, prettyErrors: false });
    const error = document.errors[0];
    if (error) return error.message.split("\n")[0] ?? "syntax error";
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return {};
    if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    return "front matter is not a mapping of keys to values";
  } catch (error) {
    return error instanceof Error ? (error.message.split("\n")[0] ?? "syntax error") : String(error);
  }
}
