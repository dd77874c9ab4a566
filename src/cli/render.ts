import type { CommandResult } from "./command.js";
import type { Context } from "../app/context.js";

/** The one place results reach stdout: handlers never print. */
export function renderResult(ctx: Context, result: CommandResult): void {
  if (ctx.flags.json) {
    ctx.stdout.write(`${JSON.stringify(typeof result.json === "function" ? result.json() : result.json, null, 2)}\n`);
    return;
  }
  if (result.text !== "") ctx.stdout.write(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
}
