import { commentAt } from "./layout.js";
import type { ConfigValue, ParsedConfigFile, Range } from "./model.js";

export type ListValue = Extract<ConfigValue, { kind: "list" }>;

export interface ListStyle {
  separator: "," | ";";
  /** What goes between two entries on one line, separator included: ", " or ";" or " ; ". */
  inlineGap: string;
  /** Whether a list written over several lines ends its last entry with a separator. */
  trailing: boolean;
}

/**
 * How the file writes lists, so an added entry looks like its neighbours: this list's own separators first, then
 * those of the file's other lists of the same shape (Debian writes `;` down a long list but `,` along a short one),
 * then Lua's usual ", ".
 */
export function listStyle(file: ParsedConfigFile, list: ListValue): ListStyle {
  const shape = isMultiline(file, list);
  const others = file.assignments.flatMap((assignment) => (assignment.value.kind === "list" && assignment.value !== list && isMultiline(file, assignment.value) === shape ? [assignment.value] : []));
  let separator: "," | ";" | undefined;
  for (const candidate of [list, ...others]) {
    separator ??= gaps(candidate).map((gap) => separatorIn(file, gap)).find((found) => found !== undefined);
    separator ??= trailingSeparator(file, candidate)?.separator;
    if (separator) break;
  }
  const example = [list, ...others].find((candidate) => candidate.fields.length > 0);
  const trailing = example === undefined ? shape : trailingSeparator(file, example) !== undefined;
  const sep = separator ?? ",";
  return { separator: sep, inlineGap: inlineGap(file, list) ?? `${sep} `, trailing };
}

function isMultiline(file: ParsedConfigFile, list: ListValue): boolean {
  return file.text.slice(list.range[0], list.range[1]).includes("\n");
}

/** The separator right after the last entry (`"a"; }`), with where it ends. */
export function trailingSeparator(file: ParsedConfigFile, list: ListValue): { separator: "," | ";"; end: number } | undefined {
  const last = list.fields[list.fields.length - 1];
  if (!last) return undefined;
  const match = /^\s*([,;])/.exec(file.text.slice(last[1], list.range[1] - 1));
  return match ? { separator: match[1] === ";" ? ";" : ",", end: last[1] + match[0].length } : undefined;
}

function gaps(list: ListValue): Range[] {
  const out: Range[] = [];
  for (let index = 1; index < list.fields.length; index++) out.push([list.fields[index - 1]?.[1] ?? 0, list.fields[index]?.[0] ?? 0]);
  return out;
}

/** The separator in a gap between entries, ignoring anything inside comments there. */
function separatorIn(file: ParsedConfigFile, gap: Range): "," | ";" | undefined {
  for (let at = gap[0]; at < gap[1]; at++) {
    const comment = commentAt(file, at);
    if (comment) {
      at = comment[1] - 1;
      continue;
    }
    const char = file.text[at];
    if (char === "," || char === ";") return char;
  }
  return undefined;
}

/** The last gap of the list when it is on one line and has no comment: copied as is for an entry added inline. */
function inlineGap(file: ParsedConfigFile, list: ListValue): string | undefined {
  const last = gaps(list).pop();
  if (!last) return undefined;
  const text = file.text.slice(last[0], last[1]);
  return /^[ \t]*[,;][ \t]*$/.test(text) ? text : undefined;
}
