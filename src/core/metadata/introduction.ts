import { findHeadings, isThematicBreak, plainText } from "./markdown.js";

const MAX_LINES = 40;
// Headings that only announce the introduction; the text under them is the introduction.
const INTRODUCING = /^(introduction|intro|description|overview|about|summary|synopsis)$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The README's opening: text before the first heading when there is some, else the first section. An opening
 * "Introduction" heading is dropped (its text is the introduction); another first heading stays, as Markdown.
 * At most ~40 lines, never cut inside a code fence.
 */
export function introductionOf(body: string): string {
  const lines = body.split("\n");
  const headings = findHeadings(lines);
  const [first, second] = headings;
  let picked: string[];
  if (!first) {
    picked = lines;
  } else {
    const before = lines.slice(0, first.line);
    const firstSection = lines.slice(first.line + first.span, second?.line ?? lines.length);
    if (INTRODUCING.test(plainText(first.title).replace(/[:.]$/, ""))) picked = [...before, ...firstSection];
    else if (before.some((line) => line.trim() !== "" && !isThematicBreak(line))) picked = before;
    else picked = lines.slice(first.line, second?.line ?? lines.length);
  }
  return clip(trimEdges(picked)).join("\n").replace(/\n{3,}/g, "\n\n");
}

function trimEdges(lines: readonly string[]): string[] {
  const blank = (line: string | undefined): boolean => line === undefined || line.trim() === "" || isThematicBreak(line);
  let start = 0;
  let end = lines.length;
  while (start < end && blank(lines[start])) start++;
  while (end > start && blank(lines[end - 1])) end--;
  return lines.slice(start, end).map((line) => line.trimEnd());
}

function clip(lines: readonly string[]): string[] {
  if (lines.length <= MAX_LINES) return [...lines];
  let cut = MAX_LINES;
  let openFence = -1;
  for (let index = 0; index < cut; index++) {
    if (FENCE.test(lines[index] ?? "")) openFence = openFence === -1 ? index : -1;
  }
  if (openFence !== -1) cut = openFence;
  // End on a paragraph boundary when one is near, rather than mid-sentence.
  const boundary = lines.slice(0, cut).lastIndexOf("");
  if (boundary > cut / 2) cut = boundary;
  return trimEdges(lines.slice(0, cut));
}
