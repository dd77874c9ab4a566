import { failure } from "../../core/errors.js";
import { asConfig, assignmentCount, effectiveSite, notEditable } from "./effective.js";
import { newAssignment } from "./placement.js";
import { breakLength, indentOf, indentUnit, lineEndAfter, lineStartOf, mergeRanges, newlineOf, startsLine } from "./layout.js";
import { type ListValue, listStyle, trailingSeparator } from "./list-style.js";
import { luaString } from "../../core/lua-string.js";
import type { ParsedConfigFile, ProsodyConfig, Range } from "./model.js";
import { type ScopeRef, scopeWords } from "./placement.js";
import { type ConfigEdit, type Splice, spliceEdit, unchangedEdit } from "./splice.js";

/**
 * Adds a string to a list option (modules_enabled, plugin_paths …) in a scope, at the assignment Prosody uses (the
 * last one it runs, in whichever file): the entry goes after the list's last one, in the list's own style. A scope
 * without the option gets `name = { "value" }` (globals in the main file, a host's after its first header). A value
 * that is not a literal list is refused with its file and line. Idempotent.
 */
export function ensureInList(target: ProsodyConfig | ParsedConfigFile, name: string, value: string, ref: ScopeRef): ConfigEdit {
  const config = asConfig(target);
  const where = scopeWords(ref);
  const literal = luaString(value);
  const site = effectiveSite(config, name, ref);
  if (site) {
    if (site.assignment.value.kind !== "list") throw notEditable(site, ref, "a list of strings");
    const list = site.assignment.value;
    if (list.items.some((item) => item.value === value)) return unchangedEdit(site.file, `${literal} is already in ${name} ${where}`);
    return spliceEdit(site.file, appendToList(site.file, list, literal), `add ${literal} to ${name} ${where}`);
  }
  const statement = `${name} = { ${literal} }`;
  const { file, splice } = newAssignment(config, ref, statement);
  return spliceEdit(file, [splice], `add ${statement} ${where}`);
}

function appendToList(file: ParsedConfigFile, list: ListValue, literal: string): Splice[] {
  const { text } = file;
  const style = listStyle(file, list);
  const last = list.fields[list.fields.length - 1];
  if (!last) return appendToEmpty(file, list, literal);
  const trailing = trailingSeparator(file, list);
  const afterLast = trailing?.end ?? last[1];
  const closing = list.range[1] - 1;
  const lineEnd = lineEndAfter(file, afterLast);
  if (text.slice(list.range[0], list.range[1]).includes("\n") && lineEnd !== undefined && lineEnd < closing) {
    // One entry per line: a new line after the last entry's, so that entry keeps its comment.
    const splices: Splice[] = [];
    if (!trailing) splices.push({ at: last[1], end: last[1], text: style.separator });
    splices.push({ at: lineEnd, end: lineEnd, text: `${newlineOf(text)}${indentOf(text, last[0])}${literal}${trailing ? trailing.separator : ""}` });
    return splices;
  }
  if (trailing) {
    const space = style.inlineGap.slice(style.inlineGap.search(/[,;]/) + 1) || " ";
    return [{ at: afterLast, end: afterLast, text: `${space}${literal}${trailing.separator}` }];
  }
  return [{ at: last[1], end: last[1], text: `${style.inlineGap}${literal}` }];
}

/** `{ }` becomes `{ "x" }`; a list over several lines (only comments in it, say) gets a line before its `}`. */
function appendToEmpty(file: ParsedConfigFile, list: ListValue, literal: string): Splice[] {
  const { text } = file;
  const [open, end] = list.range;
  const closing = end - 1;
  const inner = text.slice(open + 1, closing);
  if (!inner.includes("\n")) {
    if (inner.trim() === "") return [{ at: open, end, text: `{ ${literal} }` }];
    return [{ at: closing, end: closing, text: `${literal} ` }];
  }
  if (!startsLine(text, closing)) return [{ at: closing, end: closing, text: ` ${literal} ` }];
  const style = listStyle(file, list);
  const lineStart = lineStartOf(text, closing);
  const innerLines = text.slice(open + 1, lineStart).split("\n").filter((line) => line.trim() !== "");
  const lastInner = innerLines[innerLines.length - 1];
  const indent = lastInner !== undefined ? (/^[ \t]*/.exec(lastInner)?.[0] ?? "") : `${indentOf(text, closing)}${indentUnit(text)}`;
  return [{ at: lineStart, end: lineStart, text: `${indent}${literal}${style.trailing ? style.separator : ""}${newlineOf(text)}` }];
}

/**
 * Removes a string from the list option Prosody uses in a scope (the last assignment it runs, in whichever file):
 * the entry's whole line (with its comment) when it stands alone there, else just the entry and one separator. A
 * host's `name = { "value" }` that is the scope's only assignment of the option goes as a whole: the tool adds such
 * lists itself. A value that is not a literal list is refused, since what it holds cannot be known. Idempotent.
 */
export function removeFromList(target: ProsodyConfig | ParsedConfigFile, name: string, value: string, ref: ScopeRef): ConfigEdit {
  const config = asConfig(target);
  const where = scopeWords(ref);
  const literal = luaString(value);
  const site = effectiveSite(config, name, ref);
  const main = config.files[0];
  if (!site) {
    if (!main) throw failure("no Prosody config was read");
    return unchangedEdit(main, `${literal} is not in ${name} ${where}`);
  }
  const { file, assignment } = site;
  if (assignment.value.kind === "expression") throw notEditable(site, ref, "a list of strings");
  if (assignment.value.kind !== "list") return unchangedEdit(file, `${literal} is not in ${name} ${where}`);
  const list = assignment.value;
  const ranges: Range[] = [];
  list.fields.forEach((field, index) => {
    const item = list.items.find((candidate) => candidate.range[0] === field[0]);
    if (item?.value === value) ranges.push(removalRange(file, list, index));
  });
  if (ranges.length === 0) return unchangedEdit(file, `${literal} is not in ${name} ${where}`);
  const whole = ref.kind !== "global" && ranges.length === list.fields.length && assignmentCount(config, name, ref) === 1 ? wholeStatement(file, assignment.range) : undefined;
  if (whole) return spliceEdit(file, [{ at: whole[0], end: whole[1], text: "" }], `remove ${name} = { ${literal} } ${where}`);
  return spliceEdit(file, mergeRanges(ranges).map(([at, end]) => ({ at, end, text: "" })), `remove ${literal} from ${name} ${where}`);
}

/** The lines of a statement that is alone on them and on one line, break included; undefined otherwise. */
function wholeStatement(file: ParsedConfigFile, range: Range): Range | undefined {
  const { text } = file;
  if (!startsLine(text, range[0]) || text.slice(range[0], range[1]).includes("\n")) return undefined;
  const end = lineEndAfter(file, range[1], ";");
  if (end === undefined) return undefined;
  return [lineStartOf(text, range[0]), end + breakLength(text, end)];
}

function removalRange(file: ParsedConfigFile, list: ListValue, index: number): Range {
  const { text } = file;
  const field = list.fields[index] as Range;
  const separatorAfter = /^[ \t]*[,;]/.exec(text.slice(field[1]))?.[0] ?? "";
  const lineEnd = lineEndAfter(file, field[1] + separatorAfter.length);
  if (startsLine(text, field[0]) && lineEnd !== undefined && lineEnd < list.range[1] - 1) {
    return [lineStartOf(text, field[0]), lineEnd + breakLength(text, lineEnd)];
  }
  if (separatorAfter !== "") {
    const spaces = /^[ \t]*/.exec(text.slice(field[1] + separatorAfter.length))?.[0] ?? "";
    return [field[0], field[1] + separatorAfter.length + spaces.length];
  }
  const previous = list.fields[index - 1];
  if (previous && /^[ \t]*[,;][ \t]*$/.test(text.slice(previous[1], field[0]))) return [previous[1], field[1]];
  // The only entry, or one after a line break: take it and the space before it.
  const space = /[ \t]*$/.exec(text.slice(0, field[0]))?.[0] ?? "";
  return [field[0] - (startsLine(text, field[0]) ? 0 : space.length), field[1]];
}
