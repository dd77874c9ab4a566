import type { LoadedProsodyConfig, MissingInclude, OptionSite, ParsedConfigFile, ProsodyConfig } from "./model.js";
import { parseConfigText } from "./parse.js";
import { buildView } from "./view.js";

/**
 * The order Prosody runs a config's assignments in, from files already read: each file from the top, an Include
 * running the files it names (in order) where it stands. Each file starts in the global section (configmanager gives
 * every file its own environment), so a VirtualHost opened before an Include does not reach into the included files.
 * A file is read once even when included twice, as the loader reads it.
 */
export function evaluateTree(
  main: string,
  parsed: ReadonlyMap<string, ParsedConfigFile>,
  includeTargets: Map<string, string[][]>,
  missingIncludes: MissingInclude[],
): LoadedProsodyConfig {
  const files: ParsedConfigFile[] = [];
  const assignments: OptionSite[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const file = parsed.get(name);
    if (!file || seen.has(name)) return;
    seen.add(name);
    files.push(file);
    const targets = includeTargets.get(name) ?? [];
    const events = [
      ...file.assignments.map((assignment) => ({ at: assignment.range[0], assignment, include: -1 })),
      ...file.includeSites.map((site, index) => ({ at: site.range[0], assignment: undefined, include: index })),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) {
      if (event.assignment) assignments.push({ file, assignment: event.assignment });
      else for (const included of targets[event.include] ?? []) visit(included);
    }
  };
  visit(main);
  return { files, assignments, ...buildView(files, assignments), missingIncludes, main, includeTargets };
}

/**
 * The config with one file's text replaced (an edit not yet written): that file parsed again and, for a config read
 * from disk, the evaluation order rebuilt. Edits never add or remove Include lines, so the includes stay as read.
 */
export function withFileText(config: ProsodyConfig, file: string, text: string): ProsodyConfig {
  const replaced = parseConfigText(text, file);
  const files = config.files.map((candidate) => (candidate.file === file ? replaced : candidate));
  if (!isLoaded(config)) return { files };
  const parsed = new Map(files.map((candidate) => [candidate.file, candidate]));
  return evaluateTree(config.main, parsed, config.includeTargets, config.missingIncludes);
}

export function isLoaded(config: ProsodyConfig): config is LoadedProsodyConfig {
  return "includeTargets" in config && "main" in config;
}
