import { failure } from "../../core/errors.js";
import type { ParsedConfigFile } from "./model.js";
import { parseConfigText } from "./parse.js";

/** One edit of a config file, as text before and after: every byte outside the spliced ranges is unchanged. */
export interface ConfigEdit {
  file: string;
  before: string;
  after: string;
  changed: boolean;
  description: string;
}

/** Replace text[at, end) with `text`; an insertion has at === end. */
export interface Splice {
  at: number;
  end: number;
  text: string;
}

/**
 * Applies splices given in any order; insertions at one offset come out in the order they were listed (a separator
 * after an entry, then a new line after it). Splices must not overlap. One pass, so linear in the text's size.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const ordered = splices.map((splice, index) => ({ splice, index })).sort((a, b) => a.splice.at - b.splice.at || a.splice.end - b.splice.end || a.index - b.index);
  const parts: string[] = [];
  let at = 0;
  for (const { splice } of ordered) {
    if (splice.at < at) throw new Error(`overlapping splices at ${splice.at}`);
    parts.push(text.slice(at, splice.at), splice.text);
    at = splice.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/**
 * The edit that applies the splices. The result is parsed again: a splice that broke the file is a bug here, and it
 * must never reach the disk.
 */
export function spliceEdit(file: ParsedConfigFile, splices: readonly Splice[], description: string): ConfigEdit {
  const after = applySplices(file.text, splices);
  try {
    parseConfigText(after, file.file);
  } catch {
    throw failure(`prosody-manager could not edit ${file.file} safely (${description}); nothing was changed`, "edit the file by hand, and please report this");
  }
  return { file: file.file, before: file.text, after, changed: after !== file.text, description };
}

export function unchangedEdit(file: ParsedConfigFile, description: string): ConfigEdit {
  return { file: file.file, before: file.text, after: file.text, changed: false, description };
}
