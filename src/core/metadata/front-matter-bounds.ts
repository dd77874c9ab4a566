export interface FrontMatterBounds {
  /** The YAML between the fences; undefined when the README has none (or never closes it). */
  yamlText: string | undefined;
  /** The rest of the README, with `\n` line ends. */
  body: string;
  unclosed: boolean;
}

const CLOSERS = new Set(["---", "..."]);

/**
 * Where `---\n<yaml>\n(---|...)\n` ends, found from the fences alone: `module info` needs the body without loading
 * a YAML parser, and the catalogue build parses the YAML itself.
 */
export function frontMatterBounds(text: string): FrontMatterBounds {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = normalised.split("\n");
  let start = 0;
  while (start < lines.length && (lines[start] ?? "").trim() === "") start++;
  if ((lines[start] ?? "").trimEnd() !== "---") return { yamlText: undefined, body: normalised, unclosed: false };
  let end = start + 1;
  while (end < lines.length && !CLOSERS.has((lines[end] ?? "").trimEnd())) end++;
  if (end >= lines.length) return { yamlText: undefined, body: normalised, unclosed: true };
  return { yamlText: lines.slice(start + 1, end).join("\n"), body: lines.slice(end + 1).join("\n"), unclosed: false };
}
