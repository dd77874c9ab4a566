import path from "node:path";
import { expandInclude } from "./include.js";
import type { LoadedProsodyConfig, MissingInclude, ParsedConfigFile } from "./model.js";
import { parseConfigText } from "./parse.js";
import { evaluateTree } from "./evaluate.js";
import { readConfigFile } from "./read-file.js";

export { expandInclude } from "./include.js";

// Prosody would recurse until Lua gives up; a real config nests two or three deep.
const MAX_INCLUDE_DEPTH = 20;

/**
 * Reads the main config and, as Prosody does, every file its `Include` lines name (globs expanded in sorted order),
 * then orders the assignments as Prosody runs them: an included file's assignments happen where its Include line
 * stands. A syntax error anywhere is a UserError; a missing Include target is recorded in `missingIncludes`
 * (Prosody itself refuses to start on it).
 */
export async function loadProsodyConfig(file: string): Promise<LoadedProsodyConfig> {
  const parsed = new Map<string, ParsedConfigFile>();
  const includeTargets = new Map<string, string[][]>();
  const missingIncludes: MissingInclude[] = [];

  const visit = async (target: string, depth: number): Promise<void> => {
    if (parsed.has(target) || depth > MAX_INCLUDE_DEPTH) return;
    const file = parseConfigText(await readConfigFile(target, depth === 0), target);
    parsed.set(target, file);
    const targets: string[][] = [];
    includeTargets.set(target, targets);
    for (const site of file.includeSites) {
      if (site.pattern === undefined) {
        targets.push([]);
        continue;
      }
      const expansion = await expandInclude(target, site.pattern);
      if ("missing" in expansion) {
        missingIncludes.push({ from: target, pattern: site.pattern, reason: expansion.missing });
        targets.push([]);
        continue;
      }
      targets.push(expansion.files);
      for (const included of expansion.files) await visit(included, depth + 1);
    }
  };

  const main = path.resolve(file);
  await visit(main, 0);
  return evaluateTree(main, parsed, includeTargets, missingIncludes);
}
