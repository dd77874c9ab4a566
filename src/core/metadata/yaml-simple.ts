// Nearly every README's front matter is a few `key: value` lines, a `labels:` list and perhaps a `rockspec:` block.
// Building a full YAML document for each was most of the time spent on READMEs during a sync, so those shapes are
// read here; anything else (tabs, comments, anchors, flow collections, block or multi-line scalars, escapes, values
// YAML would read as numbers, booleans or null, repeated keys) answers undefined and goes to the full parser. What
// this reader does answer is what the full parser answers (test/unit/yaml-simple.test.ts checks every real README).

type Value = string | null | string[] | Mapping;
interface Mapping {
  [key: string]: Value;
}

interface Line {
  indent: number;
  /** The line without its indentation and trailing spaces. */
  text: string;
}

/** Thrown to give up on the fast path; never escapes this file. */
class Unusual extends Error {}

// A key as these READMEs write them (`summary`, `copy_directories`, `mod_firewall.actions`).
const KEY = /^([A-Za-z_][A-Za-z0-9_.\-/]*):(?: +(.*))?$/;
// Characters that start something other than a plain string, or that make YAML read a plain scalar another way.
const SPECIAL_START = /^[-?:,[\]{}#&*!|>'"%@`.+0-9~]/;
// Control characters, other line or space characters and surrogates: each has its own YAML rule.
const UNUSUAL_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ud800-\udfff\ufeff\ufffe\uffff]/;
const NOT_TEXT = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** The mapping the front matter holds, or undefined when it is not one of the simple shapes. */
export function readSimpleYaml(yamlText: string): Record<string, unknown> | undefined {
  // Tabs, comments, escapes and directives are rare and each has subtle rules: leave them to the full parser.
  if (/[\t#\\%&*!|>{}[\]`]/.test(yamlText) || UNUSUAL_CHARACTER.test(yamlText)) return undefined;
  const lines: Line[] = [];
  for (const raw of yamlText.split("\n")) {
    // Only spaces: YAML counts no other white space as indentation or as the end of a plain scalar.
    const text = raw.replace(/ +$/, "");
    if (text === "") continue;
    const body = text.replace(/^ +/, "");
    lines.push({ indent: text.length - body.length, text: body });
  }
  if (lines.length === 0) return {};
  if (lines[0]?.indent !== 0) return undefined;
  try {
    const [mapping, end] = readMapping(lines, 0, 0);
    return end === lines.length ? mapping : undefined;
  } catch (error) {
    if (error instanceof Unusual) return undefined;
    throw error;
  }
}

/** Reads `key: …` lines at `indent` from `from`; answers the mapping and the index of the first line after it. */
function readMapping(lines: readonly Line[], from: number, indent: number): [Mapping, number] {
  const out: Mapping = {};
  let index = from;
  while (index < lines.length) {
    const line = lines[index];
    if (!line || line.indent < indent) break;
    if (line.indent > indent) throw new Unusual();
    const pair = KEY.exec(line.text);
    if (!pair) throw new Unusual();
    const key = pair[1] ?? "";
    if (Object.hasOwn(out, key) || key === "__proto__" || NOT_TEXT.test(key)) throw new Unusual();
    const inline = pair[2];
    index++;
    if (inline !== undefined && inline !== "") {
      out[key] = scalar(inline);
      // A deeper line after `key: value` continues a multi-line plain scalar.
      if ((lines[index]?.indent ?? -1) > indent) throw new Unusual();
      continue;
    }
    const next = lines[index];
    if (next && next.text.startsWith("-") && next.indent >= indent) {
      [out[key], index] = readList(lines, index, next.indent);
    } else if (next && next.indent > indent) {
      [out[key], index] = readMapping(lines, index, next.indent);
    } else {
      out[key] = null;
    }
  }
  return [out, index];
}

/** `- item` lines at `indent`, each a plain or quoted string. */
function readList(lines: readonly Line[], from: number, indent: number): [string[], number] {
  const out: string[] = [];
  let index = from;
  while (index < lines.length) {
    const line = lines[index];
    if (!line || line.indent < indent || (line.indent === indent && !line.text.startsWith("-"))) break;
    if (line.indent > indent || !line.text.startsWith("- ")) throw new Unusual();
    const value = scalar(line.text.slice(2).replace(/^ +/, ""));
    if (value === null) throw new Unusual();
    out.push(value);
    index++;
  }
  return [out, index];
}

/** A one-line scalar that YAML's core schema reads as a string; anything else is left to the full parser. */
function scalar(text: string): string {
  if (text.startsWith("'")) {
    const inner = text.slice(1, -1);
    // Every quote inside must be a doubled one, or the string ends early and something follows it.
    if (text.length < 2 || !text.endsWith("'") || inner.replace(/''/g, "").includes("'")) throw new Unusual();
    return inner.replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const inner = text.slice(1, -1);
    if (text.length < 2 || !text.endsWith('"') || inner.includes('"')) throw new Unusual();
    return inner;
  }
  if (SPECIAL_START.test(text) || NOT_TEXT.test(text) || text.includes(": ") || text.endsWith(":")) throw new Unusual();
  return text;
}
