import type { Context } from "../app/context.js";
import { painter } from "./paint.js";

/** Colours a unified diff for a terminal; the text is returned untouched for pipes, files and NO_COLOR. */
export function colourDiff(ctx: Context, diff: string): string {
  const paint = painter(ctx.stdout, ctx.env, ctx.flags.color);
  return diff
    .split("\n")
    .map((line) => {
      if (/^(\+\+\+|---|diff )/.test(line)) return paint("bold", line);
      if (line.startsWith("+")) return paint("green", line);
      if (line.startsWith("-")) return paint("red", line);
      if (line.startsWith("@@")) return paint("cyan", line);
      return line;
    })
    .join("\n");
}
