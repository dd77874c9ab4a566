import { usageError } from "./errors.js";
import type { ModuleName } from "./types.js";

const VALID = /^mod_[a-z0-9_]+$/;
const MAX_LENGTH = 100;

/**
 * Accepts `x` or `mod_x` (any case) and returns `mod_x`. Rejects anything that could escape a directory or be read
 * as an option by a tool, before any work is done.
 */
export function parseModuleName(input: string): ModuleName {
  const trimmed = input.trim();
  if (trimmed === "") throw usageError("a module name is empty");
  if (trimmed.length > MAX_LENGTH) {
    throw usageError(`module name is too long (${trimmed.length} characters, at most ${MAX_LENGTH})`);
  }
  const folded = trimmed.toLowerCase();
  const name = folded.startsWith("mod_") ? folded : `mod_${folded}`;
  if (!VALID.test(name) || name === "mod_") {
    throw usageError(
      `invalid module name '${printable(input)}'`,
      "module names are letters, digits and underscores, like mod_pastebin or pastebin",
    );
  }
  return name as ModuleName;
}

/** Like parseModuleName, but answers undefined instead of throwing: for names read from files. */
export function tryModuleName(input: string): ModuleName | undefined {
  try {
    return parseModuleName(input);
  } catch {
    return undefined;
  }
}

/** `mod_x` → `x`: the form Prosody's `modules_enabled` and `module:depends` use. */
export function shortName(name: ModuleName): string {
  return name.slice("mod_".length);
}

/** `name@rev` → name and rev; a bare name has no rev. */
export function splitNameAndRevision(input: string): { name: ModuleName; revision: string | undefined } {
  const at = input.indexOf("@");
  if (at === -1) return { name: parseModuleName(input), revision: undefined };
  const revision = input.slice(at + 1);
  if (!isRevisionSpec(revision)) {
    throw usageError(`invalid revision '${printable(revision)}' in '${printable(input)}'`, "a revision is a changeset hash (or its prefix), a number, a tag or a branch name");
  }
  return { name: parseModuleName(input.slice(0, at)), revision };
}

/** Keeps error messages on one line and short, whatever the user typed. */
export function printable(input: string): string {
  const oneLine = input.replace(/[\u0000-\u001f\u007f]/g, "?");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** Mercurial's id for the working directory (and its all-f prefixes): never a changeset anyone can install. */
export function isWorkingDirectoryId(revision: string): boolean {
  return /^f{12,40}$/i.test(revision) || revision === "2147483647" || revision.toLowerCase() === "wdir()";
}

/** A revision as a user may type it; never an option, a revset expression or the working directory. */
export function isRevisionSpec(revision: string): boolean {
  return revision.length <= 100 && /^[A-Za-z0-9._+-]+$/.test(revision) && !revision.startsWith("-") && !isWorkingDirectoryId(revision);
}

/** A changeset hash or a prefix of one long enough to name it (6 to 40 hex digits): hg's `id()` takes it as such. */
export function isHashPrefix(spec: string): boolean {
  return /^[0-9a-f]{6,40}$/.test(spec);
}

/** What hg must answer for a resolved revision: a full changeset hash, not the working directory's. */
export function isChangesetHash(node: string): boolean {
  return /^[0-9a-f]{40}$/.test(node) && !isWorkingDirectoryId(node);
}

/**
 * Module names in the order localeCompare gives them (`_` before digits before letters, as the root collation sorts
 * punctuation), by code units: ICU's collator costs more to load than a whole search of thousands of modules.
 */
export function compareModuleNames(a: string, b: string): number {
  // Code unit by code unit, "_" counted as 0: two strings made for every comparison cost a search of 200 matches more
  // than the rest of its sort.
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) {
      const left = x === UNDERSCORE ? 0 : x;
      const right = y === UNDERSCORE ? 0 : y;
      if (left !== right) return left < right ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const UNDERSCORE = 0x5f;
