import type { Context } from "../app/context.js";

/** Colours a unified diff for a terminal; the text is returned untouched for pipes, files and NO_COLOR. */
export function colourDiff(ctx: Context, diff: string): string {
  if (!ctx.flags.color || ctx.stdout.isTTY !== true) return diff;
  return diff
    .split("\n")
    .map((line) => {
      if (/^(\+\+\+|---|diff )/.test(line)) return `\u001b[1m${line}\u001b[0m`;
      if (line.startsWith("+")) return `\u001b[32m${line}\u001b[0m`;
      if (line.startsWith("-")) return `\u001b[31m${line}\u001b[0m`;
      if (line.startsWith("@@")) return `\u001b[36m${line}\u001b[0m`;
      return line;
    })
    .join("\n");
}
