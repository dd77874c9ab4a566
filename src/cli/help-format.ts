// Help follows the terminal: descriptions are paragraphs commander wraps to the width, not text wrapped in advance.

const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 40;

/** The terminal's width, else $COLUMNS (set by shells, and by tests), else 80. */
export function helpWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY === true && typeof stream.columns === "number" && stream.columns > 0) return Math.max(MIN_WIDTH, stream.columns);
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return Math.max(MIN_WIDTH, columns);
  return DEFAULT_WIDTH;
}

/**
 * Joins lines broken inside a paragraph so the text can be wrapped again at any width; blank lines and indented
 * lines (lists, examples) keep their breaks.
 */
export function unwrapParagraphs(text: string): string {
  return text.replace(/([^\n])\n(?=[^\s])/g, "$1 ");
}

/** Example command lines, each cut at spaces with a shell continuation when it is wider than the terminal. */
export function formatExamples(examples: readonly string[], width: number): string {
  const lines: string[] = [];
  for (const example of examples) {
    const first = "  $ ";
    const next = "      ";
    let line = first;
    for (const word of example.split(" ")) {
      const start = line === first || line === next;
      if (!start && line.length + 1 + word.length + 2 > width) {
        lines.push(`${line} \\`);
        line = next;
      }
      line += line === first || line === next ? word : ` ${word}`;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** Wraps plain text at spaces to the width (for help text commander does not wrap itself). */
export function wrapText(text: string, width: number): string {
  return text
    .split("\n")
    .map((paragraph) => {
      const out: string[] = [];
      let line = "";
      for (const word of paragraph.split(" ")) {
        if (line !== "" && line.length + 1 + word.length > width) {
          out.push(line);
          line = word;
        } else line = line === "" ? word : `${line} ${word}`;
      }
      out.push(line);
      return out.join("\n");
    })
    .join("\n");
}
