import type { Compatibility, CompatibilityRow } from "../types.js";
import { unescapeMarkdown } from "./front-matter.js";

const HEADING = /^(#{1,6})\s*compatibility\b.*$/i;
const SETEXT_UNDERLINE = /^(=+|-+)\s*$/;

/** Finds the Compatibility section of a README body and reads its table (pipe or pandoc simple) or keeps its prose. */
export function parseCompatibility(body: string): Compatibility | undefined {
  const section = compatibilitySection(body.split("\n"));
  if (!section) return undefined;
  const rows: CompatibilityRow[] = [];
  const prose: string[] = [];
  for (const line of section) {
    const trimmed = line.trim();
    if (trimmed === "" || /^[-|:=\s+]+$/.test(trimmed)) continue;
    const cells = splitRow(line);
    if (cells && isVersion(cells[0] ?? "")) {
      const status = unescapeMarkdown(cells.slice(1).join(" ").trim());
      rows.push({ version: (cells[0] ?? "").trim(), status, works: interpret(status) });
    } else if (!(cells && isHeader(cells))) {
      prose.push(trimmed);
    }
  }
  return { rows, prose: prose.length > 0 ? prose.join("\n") : undefined };
}

function compatibilitySection(lines: readonly string[]): string[] | undefined {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const atx = HEADING.exec(line.trim());
    const setext = /^compatibility\b/i.test(line.trim()) && SETEXT_UNDERLINE.test(lines[index + 1]?.trim() ?? "");
    if (!atx && !setext) continue;
    const level = atx ? (atx[1]?.length ?? 1) : (lines[index + 1] ?? "").trim().startsWith("=") ? 1 : 2;
    const start = index + (setext ? 2 : 1);
    const out: string[] = [];
    for (let next = start; next < lines.length; next++) {
      const current = lines[next] ?? "";
      if (endsSection(current, lines[next + 1], level)) break;
      out.push(current);
    }
    return out;
  }
  return undefined;
}

function endsSection(line: string, following: string | undefined, level: number): boolean {
  const atx = /^(#{1,6})\s/.exec(line);
  if (atx) return (atx[1]?.length ?? 1) <= level;
  // A setext heading: text underlined by === (level 1) or --- (level 2); a table rule has spaces between dashes.
  if (line.trim() !== "" && following !== undefined && /^(=+|-+)$/.test(following.trim()) && !/\s/.test(following.trim())) {
    return (following.trim().startsWith("=") ? 1 : 2) <= level;
  }
  return false;
}

function splitRow(line: string): string[] | undefined {
  if (line.includes("|")) {
    return line.replace(/^\s*\|/, "").replace(/\|\s*$/, "").split("|").map((cell) => cell.trim());
  }
  // Pandoc simple tables: the version is the first word, the status all the rest (columns may be one space apart).
  const match = /^\s*(\S+)\s+(.+)$/.exec(line);
  return match ? [match[1] ?? "", match[2] ?? ""] : undefined;
}

function isVersion(cell: string): boolean {
  return /^(trunk|\d+(\.\d+)*(\.x)?\+?|\d+\.\d+\s*-\s*\d+\.\d+)$/i.test(cell.trim().replace(/[*`]/g, ""));
}

function isHeader(cells: readonly string[]): boolean {
  return cells.every((cell) => /^(prosody[- ]?version|version|status|prosody|works\??|)$/i.test(cell.trim()));
}

/** Words seen in the real tree: "Works", "Does not work", "Doesn't work", "No", "Not needed", "Broken", "Untested"... */
export function interpret(status: string): boolean | undefined {
  const text = status.toLowerCase();
  if (/(does ?n[o']t|not) work|doesn't|\bno\b|broken|not needed|not required|incompatible|not supported|unsupported|\bfails?\b|merged|built.?in|included/.test(text)) return false;
  if (/\bworks?\b|\byes\b|✓|✔|\bok\b|supported|compatible/.test(text)) return true;
  return undefined;
}

/** The row for an installed Prosody version: `0.12.3` matches `0.12`, `0.12.x` or `0.12.3`; trunk never matches a release. */
export function compatibilityFor(compat: Compatibility | undefined, prosodyVersion: string): CompatibilityRow | undefined {
  if (!compat) return undefined;
  const parts = prosodyVersion.split(".");
  const candidates = [prosodyVersion, parts.slice(0, 2).join("."), `${parts.slice(0, 2).join(".")}.x`];
  return compat.rows.find((row) => candidates.includes(row.version.replace(/[*`+]/g, "").trim().toLowerCase()));
}
