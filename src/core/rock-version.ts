// LuaRocks orders versions part by part: numbers numerically, then the revision after the last dash.

function parts(version: string): { numbers: (number | string)[]; revision: number } {
  const dash = version.lastIndexOf("-");
  const main = dash >= 0 ? version.slice(0, dash) : version;
  const revision = dash >= 0 ? Number(version.slice(dash + 1)) || 0 : 0;
  const numbers = main.split(/[.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part.toLowerCase()));
  return { numbers, revision };
}

/** Negative when a is older than b, positive when newer, 0 when equal. */
export function compareRockVersions(a: string, b: string): number {
  const left = parts(a);
  const right = parts(b);
  const length = Math.max(left.numbers.length, right.numbers.length);
  for (let index = 0; index < length; index++) {
    const x = left.numbers[index] ?? 0;
    const y = right.numbers[index] ?? 0;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    // A word (like "scm" or "dev") sorts after numbers, as LuaRocks treats development versions as newest.
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return left.revision - right.revision;
}

export function newestFirst(versions: Iterable<string>): string[] {
  return [...versions].sort((a, b) => compareRockVersions(b, a));
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
