// A unified diff of two small texts (config files) for --dry-run, by longest common subsequence over lines. Configs
// are a few hundred lines, so the quadratic table is cheap and the output is the minimal one.

type Op = { tag: " " | "-" | "+"; line: string; oldIndex: number; newIndex: number };

/** Lines with their line breaks kept, so a change to the last line's break shows up like GNU diff shows it. */
function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? (table[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // On a tie, removals come before additions, as diff(1) prints a replaced line.
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ tag: " ", line: a[i++] ?? "", oldIndex: i, newIndex: ++j });
    else if (i < a.length && (j >= b.length || (table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0))) ops.push({ tag: "-", line: a[i++] ?? "", oldIndex: i, newIndex: j });
    else ops.push({ tag: "+", line: b[j++] ?? "", oldIndex: i, newIndex: j });
  }
  return ops;
}

/** Change regions widened by `context` unchanged lines; regions that would touch are one hunk. */
function hunkRanges(ops: readonly Op[], context: number): [number, number][] {
  const ranges: [number, number][] = [];
  ops.forEach((op, index) => {
    if (op.tag === " ") return;
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else ranges.push([start, end]);
  });
  return ranges;
}

function header(start: number, count: number): string {
  // An empty side names the line before it, as diff(1) does.
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return "";
  const ops = diffOps(splitLines(before), splitLines(after));
  const out = [`--- ${file}\n`, `+++ ${file}\n`];
  for (const [start, end] of hunkRanges(ops, context)) {
    const hunk = ops.slice(start, end);
    const oldLines = hunk.filter((op) => op.tag !== "+");
    const newLines = hunk.filter((op) => op.tag !== "-");
    const oldStart = (oldLines[0]?.oldIndex ?? (hunk[0]?.oldIndex ?? 0) + 1);
    const newStart = (newLines[0]?.newIndex ?? (hunk[0]?.newIndex ?? 0) + 1);
    out.push(`@@ -${header(oldStart, oldLines.length)} +${header(newStart, newLines.length)} @@\n`);
    for (const op of hunk) {
      out.push(`${op.tag}${op.line.endsWith("\n") ? op.line : `${op.line}\n\\ No newline at end of file\n`}`);
    }
  }
  return out.join("");
}
