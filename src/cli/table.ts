// Plain aligned columns: admins pipe this into grep and awk, so no box drawing.

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** The last column may run long (summaries); others are padded. */
  maxWidth?: number;
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => clip(column.value(row), column.maxWidth)));
  const widths = columns.map((column) => column.header.length);
  for (const line of cells) line.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join("\n") + "\n";
}

function clip(text: string, maxWidth: number | undefined): string {
  // Leading spaces are kept: a marker column such as "* name" / "  name" must stay aligned. The pattern runs only on
  // the rare cell that needs it: a search prints a thousand cells.
  const oneLine = (text.includes("\n") || text.includes("\r") || text.includes("\t") ? text.replace(/\s*[\r\n\t]\s*/g, " ") : text).trimEnd();
  if (maxWidth === undefined || oneLine.length <= maxWidth) return oneLine;
  return `${oneLine.slice(0, maxWidth - 1)}…`;
}
