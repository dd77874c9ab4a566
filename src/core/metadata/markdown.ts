// The little Markdown that metadata needs: headings (outside code fences) and plain text out of inline markup.

export interface Heading {
  /** Index of the heading's first line. */
  line: number;
  level: number;
  title: string;
  /** Lines the heading takes: 1 for `# Title`, 2 for a title underlined with `===` or `---`. */
  span: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
// Only dashes or only equals signs: a pandoc table rule has spaces between its columns and is not an underline.
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_OR_QUOTE = /^ {0,3}([-*+>]|\d+[.)])(\s|$)/;

/** Every heading, in order; lines inside ``` or ~~~ fences are code, however much they look like headings. */
export function findHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ line: index, level: atx[1]?.length ?? 1, title: (atx[2] ?? "").trim(), span: 1 });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(lines[index + 1] ?? "");
    if (underline && isParagraphLine(line)) {
      headings.push({ line: index, level: underline[1]?.startsWith("=") ? 1 : 2, title: line.trim(), span: 2 });
      index++;
    }
  }
  return headings;
}

function isParagraphLine(line: string): boolean {
  if (line.trim() === "" || /^( {4}|\t)/.test(line)) return false;
  return !LIST_OR_QUOTE.test(line) && !SETEXT_UNDERLINE.test(line) && !line.trimStart().startsWith("|");
}

/** Undoes backslash escapes of ASCII punctuation (`mod\_bosh` → `mod_bosh`), as every Markdown reader does. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

const MARKUP = /[[*_`\\]/;

/** Inline Markdown as a reader sees it: links as their text, no emphasis or code marks, no escapes. */
export function plainText(markdown: string): string {
  // Every rule below needs one of these characters; most headings and table cells have none (called per cell).
  if (!MARKUP.test(markdown)) return markdown.replace(/\s+/g, " ").trim();
  const text = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, "$1")
    .replace(/(^|[^\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, "$1$2")
    .replace(/`+([^`]*)`+/g, "$1");
  return unescapeMarkdown(text).replace(/\s+/g, " ").trim();
}

/** `----`, `***`, `___` on a line of their own: decoration, not content. */
export function isThematicBreak(line: string): boolean {
  return /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/.test(line);
}
