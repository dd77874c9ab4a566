import { failure } from "../../core/errors.js";
import type { Assignment, ParsedConfigFile, Scope } from "./model.js";

export interface ConfigEdit {
  file: string;
  before: string;
  after: string;
  changed: boolean;
  description: string;
}

interface Splice {
  at: number;
  end: number;
  text: string;
}

export type ScopeRef = { kind: "global" } | { kind: "VirtualHost" | "Component"; name: string };

/** A Lua string literal for a value (paths, names, URLs). */
export function luaString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const splice of [...splices].sort((a, b) => b.at - a.at)) out = out.slice(0, splice.at) + splice.text + out.slice(splice.end);
  return out;
}

function edit(file: ParsedConfigFile, splices: readonly Splice[], description: string): ConfigEdit {
  const after = applySplices(file.text, splices);
  return { file: file.file, before: file.text, after, changed: after !== file.text, description };
}

function unchanged(file: ParsedConfigFile, description: string): ConfigEdit {
  return { file: file.file, before: file.text, after: file.text, changed: false, description };
}

function sameScope(scope: Scope, ref: ScopeRef): boolean {
  return ref.kind === "global" ? scope.kind === "global" : scope.kind === ref.kind && scope.name === ref.name;
}

function lastAssignment(file: ParsedConfigFile, name: string, ref: ScopeRef): Assignment | undefined {
  return file.assignments.filter((assignment) => assignment.name === name && sameScope(assignment.scope, ref)).pop();
}

/** Sets a global string option, replacing only its value when present, else adding it to the global section. */
export function ensureGlobalOption(file: ParsedConfigFile, name: string, value: string): ConfigEdit {
  const existing = lastAssignment(file, name, { kind: "global" });
  if (existing?.value.kind === "string" && existing.value.value === value) return unchanged(file, `${name} is already ${luaString(value)}`);
  if (existing) return edit(file, [{ at: existing.valueRange[0], end: existing.valueRange[1], text: luaString(value) }], `set ${name} = ${luaString(value)}`);
  return edit(file, [insertGlobal(file, `${name} = ${luaString(value)}`)], `add ${name} = ${luaString(value)}`);
}

/** Where a new global statement goes: after the last global one, before any VirtualHost/Component. */
function insertGlobal(file: ParsedConfigFile, statement: string): Splice {
  if (file.globalInsertAt > 0) return { at: file.globalInsertAt, end: file.globalInsertAt, text: `\n${statement}` };
  if (file.firstSectionAt !== undefined) return { at: file.firstSectionAt, end: file.firstSectionAt, text: `${statement}\n\n` };
  const needsNewline = file.text.length > 0 && !file.text.endsWith("\n");
  return { at: file.text.length, end: file.text.length, text: `${needsNewline ? "\n" : ""}${statement}\n` };
}

/** Adds a string to a list option (modules_enabled, plugin_paths …) in a scope, creating the list when there is none. */
export function ensureInList(file: ParsedConfigFile, name: string, value: string, ref: ScopeRef): ConfigEdit {
  const where = ref.kind === "global" ? "globally" : `in ${ref.kind} "${ref.name}"`;
  const existing = lastAssignment(file, name, ref);
  if (existing && existing.value.kind !== "list") {
    throw failure(`${name} ${where} in ${file.file} is not a list of strings; edit it by hand`);
  }
  if (existing?.value.kind === "list") {
    if (existing.value.items.some((item) => item.value === value)) return unchanged(file, `${luaString(value)} is already in ${name} ${where}`);
    return edit(file, appendToList(file.text, existing.value.items, existing.value.range, value), `add ${luaString(value)} to ${name} ${where}`);
  }
  const statement = `${name} = { ${luaString(value)} }`;
  if (ref.kind === "global") return edit(file, [insertGlobal(file, statement)], `add ${name} = { ${luaString(value)} } ${where}`);
  const scope = file.scopes.find((candidate) => sameScope(candidate, ref));
  if (!scope || scope.headerEnd === undefined) throw failure(`no ${ref.kind} "${ref.name}" in ${file.file}`);
  const indent = sectionIndent(file.text, scope.headerEnd);
  return edit(file, [{ at: scope.headerEnd, end: scope.headerEnd, text: `\n${indent}${statement}` }], `add ${name} = { ${luaString(value)} } ${where}`);
}

function appendToList(text: string, items: readonly { value: string; range: readonly [number, number] }[], range: readonly [number, number], value: string): Splice[] {
  const literal = luaString(value);
  const last = items[items.length - 1];
  if (!last) {
    const inner = text.slice(range[0] + 1, range[1] - 1);
    if (inner.includes("\n")) return [{ at: range[1] - 1, end: range[1] - 1, text: `\t${literal};\n` }];
    return [{ at: range[0], end: range[1], text: `{ ${literal} }` }];
  }
  const between = text.slice(last.range[1], range[1] - 1);
  const trailing = /^\s*([,;])/.exec(between);
  const separator = trailing?.[1] ?? separatorStyle(text, items) ?? ",";
  const multiline = text.slice(range[0], range[1]).includes("\n");
  if (!multiline) {
    return [{ at: last.range[1], end: last.range[1] + (trailing?.[0].length ?? 0), text: `${separator} ${literal}${trailing ? separator : ""}` }];
  }
  // A list over several lines: the new entry goes on its own line after the last one, keeping that line's comment.
  const lineStart = text.lastIndexOf("\n", last.range[0]) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "\t";
  const newline = text.indexOf("\n", last.range[1]);
  const lineEnd = newline === -1 || newline > range[1] - 1 ? range[1] - 1 : newline;
  const splices: Splice[] = [];
  if (!trailing) splices.push({ at: last.range[1], end: last.range[1], text: separator });
  const restOfLine = text.slice(last.range[1], lineEnd).trim().replace(/^[,;]/, "").trim();
  if (restOfLine === "" || restOfLine.startsWith("--")) splices.push({ at: lineEnd, end: lineEnd, text: `\n${indent}${literal}${separator}` });
  else splices.push({ at: last.range[1] + (trailing?.[0].length ?? 0), end: last.range[1] + (trailing?.[0].length ?? 0), text: ` ${literal}${separator}` });
  return splices;
}

function separatorStyle(text: string, items: readonly { range: readonly [number, number] }[]): string | undefined {
  for (let index = 0; index + 1 < items.length; index++) {
    const gap = text.slice(items[index]?.range[1], items[index + 1]?.range[0]);
    const match = /[,;]/.exec(gap);
    if (match) return match[0];
  }
  return undefined;
}

function sectionIndent(text: string, headerEnd: number): string {
  const rest = text.slice(headerEnd).split("\n").slice(1);
  for (const line of rest) {
    if (line.trim() === "") continue;
    const indent = /^[ \t]+/.exec(line)?.[0];
    if (indent && !/^\s*(VirtualHost|Component)\b/.test(line)) return indent;
    break;
  }
  return "\t";
}

/** Removes a string from a list option in a scope: its line when it stands alone, else just the entry. */
export function removeFromList(file: ParsedConfigFile, name: string, value: string, ref: ScopeRef): ConfigEdit {
  const where = ref.kind === "global" ? "globally" : `in ${ref.kind} "${ref.name}"`;
  const splices: Splice[] = [];
  for (const assignment of file.assignments.filter((candidate) => candidate.name === name && sameScope(candidate.scope, ref))) {
    if (assignment.value.kind !== "list") continue;
    for (const item of assignment.value.items.filter((candidate) => candidate.value === value)) splices.push(removalSplice(file.text, item.range));
  }
  if (splices.length === 0) return unchanged(file, `${luaString(value)} is not in ${name} ${where}`);
  return edit(file, splices, `remove ${luaString(value)} from ${name} ${where}`);
}

function removalSplice(text: string, range: readonly [number, number]): Splice {
  const lineStart = text.lastIndexOf("\n", range[0] - 1) + 1;
  const newline = text.indexOf("\n", range[1]);
  const lineEnd = newline === -1 ? text.length : newline;
  const before = text.slice(lineStart, range[0]);
  const after = text.slice(range[1], lineEnd);
  const afterSeparator = /^\s*[,;]?/.exec(after)?.[0] ?? "";
  const restOfLine = after.slice(afterSeparator.length).trim();
  if (before.trim() === "" && (restOfLine === "" || restOfLine.startsWith("--"))) {
    return { at: lineStart, end: newline === -1 ? text.length : newline + 1, text: "" };
  }
  return { at: range[0], end: range[1] + afterSeparator.length + (/^\s/.test(after.slice(afterSeparator.length)) ? 1 : 0), text: "" };
}

