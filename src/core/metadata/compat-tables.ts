// Tables of a Compatibility section: pipe tables (`| 0.12 | Works |`) and pandoc simple tables (a rule of dash runs,
// one per column, above and/or below the rows). Everything else is handed back as prose.

import type { CompatibilityRow } from "../types.js";
import { interpretStatus } from "./compat-status.js";
import { plainText } from "./markdown.js";

export interface TableScan {
  rows: CompatibilityRow[];
  /** The lines that belong to no table, in order. */
  rest: string[];
}

const PIPE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const SIMPLE_RULE = /^\s*-{2,}([ \t]+-{2,})+\s*$/;
const GRID_RULE = /^\s*\+([-=:]+\+)+\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADER_CELL = /^(prosody([- ]?versions?)?|versions?|status|state|works\??|compatibility|notes?|comments?|)$/i;
// A row outside any table is only believed when it is indented and starts with a version, like `  0.12   Works`.
const LOOSE_ROW = /^[ \t]+(trunk|\d+(?:\.\d+)*(?:\.x)?\+?)[ \t]+(\S.*)$/i;

export function scanCompatibilityTables(lines: readonly string[]): TableScan {
  const rows: CompatibilityRow[] = [];
  const rest: string[] = [];
  let fence: string | undefined;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence !== undefined || fenceMark) {
      if (fence === undefined) fence = fenceMark;
      else if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      rest.push(line);
      index++;
      continue;
    }
    if (isPipeLine(line)) {
      const end = runEnd(lines, index, isPipeLine);
      rows.push(...pipeRows(lines.slice(index, end)));
      index = end;
      continue;
    }
    if (SIMPLE_RULE.test(line)) {
      // A line right above the rule is the header row: take it back from the prose.
      const previous = lines[index - 1];
      if (previous !== undefined && previous.trim() !== "" && rest[rest.length - 1] === previous) rest.pop();
      const end = runEnd(lines, index + 1, (next) => next.trim() !== "" && !SIMPLE_RULE.test(next));
      rows.push(...simpleRows(lines.slice(index + 1, end), columnStarts(line)));
      index = SIMPLE_RULE.test(lines[end] ?? "") ? end + 1 : end;
      continue;
    }
    const loose = LOOSE_ROW.exec(line);
    if (loose) {
      rows.push(makeRow(loose[1] ?? "", loose[2] ?? ""));
      index++;
      continue;
    }
    rest.push(line);
    index++;
  }
  return { rows, rest };
}

function isPipeLine(line: string): boolean {
  const trimmed = line.trim();
  return (trimmed.startsWith("|") && trimmed.length > 1) || GRID_RULE.test(line);
}

function runEnd(lines: readonly string[], from: number, belongs: (line: string) => boolean): number {
  let end = from;
  while (end < lines.length && belongs(lines[end] ?? "")) end++;
  return end;
}

function pipeRows(block: readonly string[]): CompatibilityRow[] {
  const rows: CompatibilityRow[] = [];
  block.forEach((line, position) => {
    if (PIPE_SEPARATOR.test(line) || GRID_RULE.test(line)) return;
    // The row above the |---| separator names the columns.
    if (PIPE_SEPARATOR.test(block[position + 1] ?? "")) return;
    const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|");
    const row = rowFromCells(cells);
    if (row) rows.push(row);
  });
  return rows;
}

/** Each dash run of the rule starts a column. */
function columnStarts(rule: string): number[] {
  return [...rule.matchAll(/-+/g)].map((match) => match.index ?? 0);
}

function simpleRows(block: readonly string[], starts: readonly number[]): CompatibilityRow[] {
  const rows: CompatibilityRow[] = [];
  for (const line of block) {
    const cells = sliceColumns(line, starts);
    const last = rows[rows.length - 1];
    // An empty first cell continues the previous row's text (pandoc wraps long cells that way).
    if ((cells[0] ?? "").trim() === "" && last) {
      last.status = `${last.status} ${plainText(cells.join(" "))}`.trim();
      last.works = interpretStatus(last.status);
      continue;
    }
    const row = rowFromCells(cells);
    if (row) rows.push(row);
  }
  return rows;
}

/** Cuts a row at the rule's column starts; text that runs past a column edge keeps its word whole. */
function sliceColumns(line: string, starts: readonly number[]): string[] {
  const cells: string[] = [];
  let from = 0;
  for (let column = 1; column <= starts.length; column++) {
    let edge = column < starts.length ? Math.max(starts[column] ?? line.length, from) : line.length;
    while (edge < line.length && /\S/.test(line[edge - 1] ?? "") && /\S/.test(line[edge] ?? "")) edge++;
    cells.push(line.slice(from, edge));
    from = edge;
  }
  return cells;
}

function rowFromCells(cells: readonly string[]): CompatibilityRow | undefined {
  const plain = cells.map(plainText);
  if (plain.every((cell) => HEADER_CELL.test(cell))) return undefined;
  const [version = "", ...status] = plain;
  if (version === "") return undefined;
  return makeRow(version, status.filter((cell) => cell !== "").join(" "));
}

function makeRow(version: string, status: string): CompatibilityRow {
  const text = plainText(status);
  return { version: plainText(version), status: text, works: interpretStatus(text) };
}
