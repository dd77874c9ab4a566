import type { ParsedConfigFile, Range } from "./model.js";

// Where new text can go in a config without moving a comment off its line or breaking the file's own style.

/** The file's line break, so an insertion into a CRLF file stays CRLF. */
export function newlineOf(text: string): string {
  return /\r\n/.test(text) ? "\r\n" : "\n";
}

/** 1-based line of an offset, for messages that name a file and line. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
}

export function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

/** The whitespace a line starts with. */
export function indentOf(text: string, at: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, at)))?.[0] ?? "";
}

/** Text between the start of the line and `at` is only whitespace. */
export function startsLine(text: string, at: number): boolean {
  return text.slice(lineStartOf(text, at), at).trim() === "";
}

/**
 * Where the line that `from` is on really ends: past spaces, any of `skip` (separators), and comments, including a
 * long comment that runs onto later lines. Answers the index of the line break (or the end of the text), or
 * undefined when more code follows on the line.
 */
export function lineEndAfter(file: Pick<ParsedConfigFile, "text" | "comments">, from: number, skip = ""): number | undefined {
  const { text } = file;
  let at = from;
  for (;;) {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || skip.includes(text[at] ?? "\u0000"))) at++;
    if (at >= text.length) return text.length;
    if (text[at] === "\n") return at;
    if (text[at] === "\r" && text[at + 1] === "\n") return at;
    const comment = commentAt(file, at);
    if (!comment) return undefined;
    at = comment[1];
  }
}

const commentIndex = new WeakMap<readonly Range[], Map<number, Range>>();

/**
 * The comment that starts at `at`, if any. Looked up by offset in a map built once per file: a megabyte config has
 * tens of thousands of comments, and scanning them for every character looked at made edits quadratic.
 */
export function commentAt(file: Pick<ParsedConfigFile, "comments">, at: number): Range | undefined {
  let index = commentIndex.get(file.comments);
  if (!index) {
    index = new Map(file.comments.map((range) => [range[0], range]));
    commentIndex.set(file.comments, index);
  }
  return index.get(at);
}

/** The length of the line break at `at` (0 at the end of the text). */
export function breakLength(text: string, at: number): number {
  if (text.startsWith("\r\n", at)) return 2;
  return text[at] === "\n" ? 1 : 0;
}

/**
 * The indentation step the file uses, from its indented lines: a tab when most indented lines start with one, else
 * the smallest run of spaces. A tab when nothing is indented (Prosody's own examples indent with tabs).
 */
export function indentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let smallestSpaces = Infinity;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const indent = /^[ \t]+/.exec(line)?.[0];
    if (!indent) continue;
    if (indent.startsWith("\t")) tabs++;
    else {
      spaces++;
      smallestSpaces = Math.min(smallestSpaces, indent.length);
    }
  }
  return spaces > tabs ? " ".repeat(smallestSpaces) : "\t";
}

/** Ranges that overlap or touch are merged so splices never cut into each other. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Above a line, the run of comment-only lines directly attached to it (no blank line between): where it starts. */
export function attachedCommentStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const previousStart = lineStartOf(text, start - 1);
    const previous = text.slice(previousStart, start).trim();
    if (!previous.startsWith("--")) break;
    start = previousStart;
  }
  return start;
}
