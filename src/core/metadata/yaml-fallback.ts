// When a README's front matter is not YAML at all, this keeps what a person would still read in it: `key: value`
// lines, `- item` lists and indented sub-keys. Anything else is skipped; it never throws.

interface Line {
  indent: number;
  text: string;
}

/** Reads `key: value`, `key: [a, b]`, `key:` + `- item` lines, and nested `key:` blocks, leniently. */
export function readLooseYaml(yamlText: string): Record<string, unknown> {
  const lines: Line[] = [];
  for (const raw of yamlText.split("\n")) {
    const text = raw.replace(/\s+#.*$/, "").trimEnd();
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const indent = /^[ \t]*/.exec(text)?.[0].replace(/\t/g, "  ").length ?? 0;
    lines.push({ indent, text: text.trim() });
  }
  return readMapping(lines, 0, lines.length);
}

function readMapping(lines: readonly Line[], from: number, to: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const baseIndent = lines[from]?.indent ?? 0;
  let index = from;
  while (index < to) {
    const line = lines[index];
    if (!line) break;
    const childrenEnd = blockEnd(lines, index + 1, to, line.indent);
    const pair = /^([^\s:'"-][^:]*?|'[^']*'|"[^"]*")\s*:(?:\s+(.*))?$/.exec(line.text);
    if (pair && line.indent === baseIndent) {
      const key = unquote(pair[1] ?? "");
      const value = pair[2]?.trim() ?? "";
      out[key] = value !== "" ? scalarOrInlineList(value) : readBlock(lines, index + 1, childrenEnd);
    }
    index = childrenEnd;
  }
  return out;
}

/** What follows `key:` on deeper lines: a list of `- item`, a mapping, or nothing (null, as YAML says). */
function readBlock(lines: readonly Line[], from: number, to: number): unknown {
  if (from >= to) return null;
  if (lines[from]?.text.startsWith("-")) {
    return lines
      .slice(from, to)
      .filter((line) => line.text.startsWith("-"))
      .map((line) => scalarOrInlineList(line.text.slice(1).trim()));
  }
  return readMapping(lines, from, to);
}

/** The first line after `from` that is not deeper than `indent`; `- item` at the key's own indent still belongs. */
function blockEnd(lines: readonly Line[], from: number, to: number, indent: number): number {
  let index = from;
  while (index < to) {
    const line = lines[index];
    if (!line || line.indent < indent || (line.indent === indent && !line.text.startsWith("-"))) break;
    index++;
  }
  return index;
}

function scalarOrInlineList(value: string): unknown {
  const inline = /^\[(.*)\]$/.exec(value);
  if (inline) return (inline[1] ?? "").split(",").map((item) => unquote(item.trim())).filter((item) => item !== "");
  return unquote(value);
}

function unquote(value: string): string {
  const quoted = /^'(.*)'$/.exec(value) ?? /^"(.*)"$/.exec(value);
  if (!quoted) return value;
  return value.startsWith("'") ? (quoted[1] ?? "").replace(/''/g, "'") : (quoted[1] ?? "").replace(/\\"/g, '"');
}
