// LuaRocks orders versions part by part: numbers numerically, then the revision after the last dash.

/** `2.1-3` → parts [2, 1] and revision 3; the revision is undefined when the version has no dash (a constraint's `2.1`). */
export function versionParts(version: string): { parts: (number | string)[]; revision: number | undefined } {
  const dash = version.lastIndexOf("-");
  const main = dash >= 0 ? version.slice(0, dash) : version;
  const revision = dash >= 0 ? Number(version.slice(dash + 1)) : undefined;
  const parts = main.split(/[.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part.toLowerCase()));
  return { parts, revision: revision !== undefined && Number.isFinite(revision) ? revision : undefined };
}

/** Part by part, missing parts counting as 0. A word (like "scm" or "dev") sorts after numbers, as LuaRocks treats development versions as newest. */
export function compareParts(left: readonly (number | string)[], right: readonly (number | string)[]): number {
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const x = left[index] ?? 0;
    const y = right[index] ?? 0;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative when a is older than b, positive when newer, 0 when equal. */
export function compareRockVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  return compareParts(left.parts, right.parts) || (left.revision ?? 0) - (right.revision ?? 0);
}

/** As sorting with compareRockVersions, newest first; each version is parsed once, not at every comparison. */
export function newestFirst(versions: Iterable<string>): string[] {
  const parsed = [...versions].map((version) => ({ version, ...versionParts(version) }));
  parsed.sort((a, b) => compareParts(b.parts, a.parts) || (b.revision ?? 0) - (a.revision ?? 0));
  return parsed.map((entry) => entry.version);
}

export const ROCK_VERSION = /^[0-9][0-9A-Za-z.]*-[0-9]+$/;

/**
 * LuaRocks' own grammar, narrowed to what a rocks server can sensibly hold: a version is dotted parts (digits, or
 * words such as `scm`) then `-revision`; a package name is lower-case letters, digits and `_ . -`, never starting
 * with `-`, so neither can ever be read by LuaRocks as an option.
 */
export const ROCK_NAME = /^[a-z0-9_][a-z0-9_.-]*$/;
const ROCK_VERSION_GRAMMAR = /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*-[0-9]+$/;
const MAX_PART_LENGTH = 100;

export function isRockVersion(version: string): boolean {
  return version.length <= MAX_PART_LENGTH && ROCK_VERSION_GRAMMAR.test(version);
}

export function isRockName(name: string): boolean {
  return name.length <= MAX_PART_LENGTH && ROCK_NAME.test(name);
}
