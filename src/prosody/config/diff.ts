/** A unified diff of two small texts (config files), for --dry-run: longest common subsequence over lines. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return "";
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Line = { tag: " " | "-" | "+"; text: string; oldLine: number; newLine: number };
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push({ tag: " ", text: a[i++] ?? "", oldLine: i, newLine: ++j });
    // Deletions first, as diff(1) prints them.
    else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push({ tag: "-", text: a[i++] ?? "", oldLine: i, newLine: j });
    else lines.push({ tag: "+", text: b[j++] ?? "", oldLine: i, newLine: j });
  }
  const out = [`--- ${file}`, `+++ ${file} (new)`];
  let index = 0;
  while (index < lines.length) {
    if (lines[index]?.tag === " ") {
      index++;
      continue;
    }
    const start = Math.max(0, index - context);
    let end = index;
    while (end < lines.length) {
      const nextChange = lines.slice(end, end + context * 2 + 1).findIndex((line) => line.tag !== " ");
      if (nextChange === -1) break;
      end += nextChange + 1;
    }
    end = Math.min(lines.length, end + context);
    const hunk = lines.slice(start, end);
    const oldStart = (hunk.find((line) => line.tag !== "+")?.oldLine ?? 1);
    const newStart = (hunk.find((line) => line.tag !== "-")?.newLine ?? 1);
    out.push(`@@ -${oldStart},${hunk.filter((line) => line.tag !== "+").length} +${newStart},${hunk.filter((line) => line.tag !== "-").length} @@`);
    for (const line of hunk) out.push(`${line.tag}${line.text}`);
    index = end;
  }
  return `${out.join("\n")}\n`;
}
