import { type OutputStream, wantsColor } from "../app/context.js";

export type Style = "red" | "green" | "yellow" | "cyan" | "bold";
const CODES: Record<Style, string> = { red: "31", green: "32", yellow: "33", cyan: "36", bold: "1" };

/**
 * A painter for one stream: colours only when that stream is a terminal, NO_COLOR is unset and --no-color was not
 * given (`allowed`), so a table piped to grep or a diff saved to a file stays plain.
 */
export function painter(stream: OutputStream, env: NodeJS.ProcessEnv, allowed: boolean): (style: Style, text: string) => string {
  const on = allowed && wantsColor(stream, env, false);
  return (style, text) => (on ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}
