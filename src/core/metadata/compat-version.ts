import type { Compatibility, CompatibilityRow } from "../types.js";

/** What a row's version cell covers. */
type Coverage =
  | { kind: "trunk" }
  | { kind: "any" }
  | { kind: "prefix"; parts: number[] }
  | { kind: "range"; min: number[] | undefined; max: number[] | undefined };

// \u2265 (≥), \u2264 (≤) and \u2013 (–) as escapes: the bundle stays ASCII (scripts/build.mjs checks it).
const NUMBER = String.raw`(\d+(?:\.\d+)*)(?:\.x)?`;
const LATER = new RegExp(String.raw`^(?:>=?|\u2265)\s*${NUMBER}$|^${NUMBER}\s*(?:\+|and (?:later|newer|above|up)|or (?:later|newer|above)|onwards?)$`);
const EARLIER = new RegExp(String.raw`^(?:<=?|\u2264)\s*${NUMBER}$|^${NUMBER}\s*(?:-|and (?:earlier|older|below)|or (?:earlier|older|below))$`);
const BETWEEN = new RegExp(String.raw`^${NUMBER}\s*(?:-|\u2013|to)\s*${NUMBER}$`);
const SINGLE = new RegExp(String.raw`^${NUMBER}$`);

/**
 * The row that speaks for an installed Prosody version. `0.12.3` is covered by `0.12.3`, `0.12`, `0.12.x`, then by
 * ranges such as `0.10 and later` or `0.11+`, then by `Any`; the most specific row wins. `trunk` only covers trunk:
 * a release is never a trunk build.
 */
export function compatibilityFor(compat: Compatibility | undefined, prosodyVersion: string): CompatibilityRow | undefined {
  if (!compat) return undefined;
  const installed = prosodyVersion.trim().toLowerCase();
  const isTrunk = /^(trunk|nightly|hg\b|tip\b)/.test(installed);
  const parts = isTrunk ? undefined : numbers(/^v?(\d+(?:\.\d+)*)/.exec(installed)?.[1]);
  let best: { row: CompatibilityRow; score: number } | undefined;
  for (const row of compat.rows) {
    const score = matchScore(coverage(row.version), isTrunk, parts);
    if (score > 0 && (!best || score > best.score)) best = { row, score };
  }
  return best?.row;
}

function matchScore(covers: Coverage | undefined, isTrunk: boolean, parts: number[] | undefined): number {
  if (!covers) return 0;
  if (covers.kind === "trunk") return isTrunk ? 100 : 0;
  if (isTrunk || !parts) return 0;
  switch (covers.kind) {
    case "prefix":
      return covers.parts.every((part, index) => parts[index] === part) ? 10 + covers.parts.length : 0;
    case "range": {
      const aboveMin = !covers.min || compare(parts, covers.min) >= 0;
      const belowMax = !covers.max || compare(parts, covers.max) <= 0;
      return aboveMin && belowMax ? 2 : 0;
    }
    case "any":
      return 1;
  }
}

function coverage(version: string): Coverage | undefined {
  const text = version.toLowerCase().replace(/^prosody\s+/, "").replace(/[*`]/g, "").trim();
  if (/^(trunk|tip|nightly|default)\b/.test(text)) return { kind: "trunk" };
  if (/^(any|all|\*)$/.test(text)) return { kind: "any" };
  const single = SINGLE.exec(text);
  if (single) return { kind: "prefix", parts: numbers(single[1]) ?? [] };
  const later = LATER.exec(text);
  if (later) return { kind: "range", min: numbers(later[1] ?? later[2]), max: undefined };
  const earlier = EARLIER.exec(text);
  if (earlier) return { kind: "range", min: undefined, max: numbers(earlier[1] ?? earlier[2]) };
  const between = BETWEEN.exec(text);
  if (between) return { kind: "range", min: numbers(between[1]), max: numbers(between[2]) };
  return undefined;
}

function numbers(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : text.split(".").map(Number);
}

/** Compares over the bound's own length, so `0.12.3` is within both `0.12 and later` and `0.12 and earlier`. */
function compare(version: readonly number[], bound: readonly number[]): number {
  for (let index = 0; index < bound.length; index++) {
    const difference = (version[index] ?? 0) - (bound[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
