import { usageError } from "./errors.js";
import { printable } from "./names.js";

// A revision reaches hg inside a revset, so only plain hashes and local numbers pass: nothing a revset could read as
// a function, an operator or an option.
const HASH = /^[0-9a-f]{4,40}$/;
const NUMBER = /^[0-9]{1,9}$/;

export function parseRevision(input: string): string {
  const text = input.trim().toLowerCase();
  if (HASH.test(text) || NUMBER.test(text)) return text;
  throw usageError(
    `invalid revision '${printable(input)}'`,
    "a revision is a changeset hash (at least 4 hex digits) or a local revision number; 'module log <module>' lists them",
  );
}

/** Like parseRevision, for values read from files: undefined instead of an error. */
export function tryRevision(input: string): string | undefined {
  try {
    return parseRevision(input);
  } catch {
    return undefined;
  }
}
