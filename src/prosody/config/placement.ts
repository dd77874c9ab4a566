import { failure } from "../../core/errors.js";
import { attachedCommentStart, indentOf, indentUnit, lineAt, lineEndAfter, lineStartOf, newlineOf } from "./layout.js";
import { type ParsedConfigFile, type ProsodyConfig, type Range, type Scope, sameScope } from "./model.js";
import type { Splice } from "./splice.js";

/** The section an edit is for: the global one, or a VirtualHost/Component by name. */
export type ScopeRef = { kind: "global" } | { kind: "VirtualHost" | "Component"; name: string };

export function scopeWords(ref: ScopeRef): string {
  return ref.kind === "global" ? "globally" : `in ${ref.kind} "${ref.name}"`;
}

export function asScope(ref: ScopeRef): Pick<Scope, "kind" | "name"> {
  return ref.kind === "global" ? { kind: "global", name: "*" } : ref;
}

/**
 * Where a new option goes when the scope has none anywhere (so any place in the scope is the one Prosody uses): a
 * global one in the main file's global section; a host's after the host's first header (in evaluation order) that is
 * written as a statement, else as the last field of its `VirtualHost "x" { ... }` table.
 */
export function newAssignment(config: ProsodyConfig, ref: ScopeRef, statement: string): { file: ParsedConfigFile; splice: Splice } {
  const main = config.files[0];
  if (!main) throw failure("no Prosody config was read");
  if (ref.kind === "global") return { file: main, splice: globalInsertion(main, statement) };
  const holders = config.files.filter((file) => file.scopes.some((scope) => sameScope(scope, ref)));
  const file = holders.find((candidate) => candidate.scopes.some((scope) => sameScope(scope, ref) && scope.form === "statement"));
  if (file) return { file, splice: sectionInsertion(file, ref, statement) };
  const first = holders[0];
  const table = first?.scopes.find((scope) => sameScope(scope, ref))?.tableRange;
  if (first && table) return { file: first, splice: tableInsertion(first, table, statement) };
  throw missingSection(config, ref);
}

/**
 * A new field in a section written as a table (`VirtualHost "x" { a = 1; }`): after its last field, with the
 * table's own separator, on a line of its own when the table spans lines; `{ }` becomes `{ field }`.
 */
function tableInsertion(file: ParsedConfigFile, table: Range, statement: string): Splice {
  const { text } = file;
  const [open, end] = table;
  const closing = end - 1;
  const inner = text.slice(open + 1, closing);
  if (inner.trim() === "") return { at: open, end, text: `{ ${statement} }` };
  const separator = /;/.test(inner) && !/,/.test(inner) ? ";" : ",";
  let last = closing;
  while (last > open + 1 && /\s/.test(text[last - 1] ?? "")) last--;
  const hasTrailing = text[last - 1] === "," || text[last - 1] === ";";
  if (!inner.includes("\n")) return { at: last, end: last, text: `${hasTrailing ? "" : separator} ${statement}${hasTrailing ? text[last - 1] : ""}` };
  const indent = indentOf(text, lineStartOf(text, last - 1));
  return { at: last, end: last, text: `${hasTrailing ? "" : separator}${newlineOf(text)}${indent}${statement}${hasTrailing ? separator : ""}` };
}

/**
 * Refuses an edit for a host the config does not open by that name: an enable or disable there would do nothing.
 * When some section's name is computed (`VirtualHost(os.getenv("HOST"))`), it may be that host: say where it is.
 */
export function requireSection(config: ProsodyConfig, ref: ScopeRef): void {
  if (ref.kind === "global") return;
  if (config.files.some((file) => file.scopes.some((scope) => sameScope(scope, ref) && scope.literalName))) return;
  throw missingSection(config, ref);
}

function missingSection(config: ProsodyConfig, ref: Exclude<ScopeRef, { kind: "global" }>): Error {
  const main = config.files[0]?.file ?? "the Prosody config";
  const computed = config.files.flatMap((file) => file.scopes.filter((scope) => scope.kind === ref.kind && !scope.literalName && scope.headerRange).map((scope) => ({ file, scope })));
  const example = computed[0];
  if (example?.scope.headerRange) {
    const line = lineAt(example.file.text, example.scope.headerRange[0]);
    return failure(
      `there is no ${ref.kind} "${ref.name}" written as such; ${example.file.file}:${line} opens a ${ref.kind} whose name is computed (${example.scope.name}), which prosody-manager cannot tell apart`,
      "edit that section by hand",
    );
  }
  return failure(`there is no ${ref.kind} "${ref.name}" in ${main} or the files it includes`, ref.kind === "VirtualHost" ? "check the name, or use --component for a Component" : "check the name, or use --host for a VirtualHost");
}

/**
 * Where a new global statement goes: on the line after the last global statement before the first
 * VirtualHost/Component (after that line's comment), so options never land in a host's section. A file that opens
 * with a section gets it above the section and the comments attached to it; a file with no statements, at its end.
 */
export function globalInsertion(file: ParsedConfigFile, statement: string): Splice {
  const { text } = file;
  const nl = newlineOf(text);
  const firstSection = file.firstSectionAt ?? Infinity;
  const lastGlobal = file.statements.filter((entry) => entry.scope.kind === "global" && entry.range[1] <= firstSection).pop();
  if (lastGlobal) {
    const indent = indentOf(text, lastGlobal.range[0]);
    const end = lineEndAfter(file, lastGlobal.range[1], ";");
    if (end === undefined) return { at: lastGlobal.range[1], end: lastGlobal.range[1], text: `${nl}${indent}${statement}${nl}` };
    return { at: end, end, text: `${nl}${indent}${statement}` };
  }
  if (file.firstSectionAt !== undefined) {
    const at = attachedCommentStart(text, lineStartOf(text, file.firstSectionAt));
    return { at, end: at, text: `${statement}${nl}${nl}` };
  }
  const needsBreak = text.length > 0 && !text.endsWith("\n");
  return { at: text.length, end: text.length, text: `${needsBreak ? nl : ""}${statement}${nl}` };
}

/** Where a new option of a section goes: on the line after its header, indented like the section's other options. */
export function sectionInsertion(file: ParsedConfigFile, ref: Exclude<ScopeRef, { kind: "global" }>, statement: string): Splice {
  const scopes = file.scopes.filter((scope) => sameScope(scope, ref));
  const scope = scopes.find((candidate) => candidate.form === "statement");
  if (!scope || scope.headerRange === undefined) {
    if (scopes.length > 0) {
      throw failure(`${ref.kind} "${ref.name}" in ${file.file} is written as a table ({ ... }); add the option there by hand`);
    }
    throw failure(`no ${ref.kind} "${ref.name}" in ${file.file}`);
  }
  const { text } = file;
  const nl = newlineOf(text);
  const indent = sectionIndent(file, scope);
  const end = lineEndAfter(file, scope.headerRange[1], ";");
  if (end === undefined) return { at: scope.headerRange[1], end: scope.headerRange[1], text: `${nl}${indent}${statement}${nl}` };
  return { at: end, end, text: `${nl}${indent}${statement}` };
}

/**
 * Indentation of the section's own options; else of any section's options in the file; else the file's indentation
 * step. Only options count: an Include after a header (Debian's main file) is not indented like one.
 */
function sectionIndent(file: ParsedConfigFile, scope: Scope): string {
  const own = file.assignments.find((assignment) => assignment.scope === scope && assignment.scope.form === "statement");
  if (own) return indentOf(file.text, own.range[0]);
  const any = file.assignments.find((assignment) => assignment.scope.kind !== "global" && assignment.scope.form === "statement");
  if (any) return indentOf(file.text, any.range[0]);
  return indentUnit(file.text);
}
