import type { Compatibility } from "../types.js";
import { scanCompatibilityTables } from "./compat-tables.js";
import { findHeadings, type Heading, isThematicBreak, plainText } from "./markdown.js";

export { compatibilityFor } from "./compat-version.js";
export { interpretStatus } from "./compat-status.js";

const TITLE = /^compatibility\b/i;
// A deeper heading inside the section still belongs to it when it names a version ("### Prosody 0.11").
const VERSION_SUBHEADING = /\b(prosody|trunk|\d+\.\d+)\b/i;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:/;

/**
 * Reads the Compatibility section of a README body (`# Compatibility`, `## Compatibility`, or `Compatibility`
 * underlined): its table rows, and its other text as prose. Undefined when there is no such section or it is empty.
 */
export function parseCompatibility(body: string): Compatibility | undefined {
  const lines = body.split("\n");
  const headings = findHeadings(lines);
  const at = headings.findIndex((heading) => TITLE.test(plainText(heading.title)));
  const heading = headings[at];
  if (!heading) return undefined;
  const end = sectionEnd(heading, headings.slice(at + 1), lines.length);
  const { rows, rest } = scanCompatibilityTables(lines.slice(heading.line + heading.span, end));
  const prose = proseOf(rest);
  if (rows.length === 0 && prose === undefined) return undefined;
  return { rows, prose };
}

function sectionEnd(section: Heading, following: readonly Heading[], lineCount: number): number {
  const next = following.find(
    (heading) => heading.level <= section.level || !VERSION_SUBHEADING.test(heading.title),
  );
  return next?.line ?? lineCount;
}

/**
 * The section's remaining text. Link and footnote definitions are dropped: they sit at the end of the last section
 * only because they sit at the end of the file.
 */
function proseOf(lines: readonly string[]): string | undefined {
  const kept: string[] = [];
  let inDefinition = false;
  for (const line of lines) {
    if (REFERENCE_DEFINITION.test(line)) {
      inDefinition = true;
      continue;
    }
    if (inDefinition && /^\s+\S/.test(line)) continue;
    inDefinition = false;
    if (isThematicBreak(line)) continue;
    kept.push(line.trimEnd());
  }
  const text = kept.join("\n").replace(/\n{3,}/g, "\n\n").replace(/^\n+|\s+$/g, "");
  return text === "" ? undefined : text;
}
