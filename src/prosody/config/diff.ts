import { structuredPatch } from "diff";

// The --dry-run diff comes from the maintained `diff` package (Myers' algorithm, O((N+M)·D)): a hand-written
// longest-common-subsequence table was quadratic in the file's length, seconds on a megabyte config.

/**
 * A hunk's range as diff(1) prints it: a single line is just its number; an empty side names the line before it,
 * where the package names the line after.
 */
function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}

export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return "";
  const patch = structuredPatch(file, file, before, after, undefined, undefined, { context });
  const out = [`--- ${file}\n`, `+++ ${file}\n`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@\n`);
    for (const line of hunk.lines) out.push(`${line}\n`);
  }
  return out.join("");
}
