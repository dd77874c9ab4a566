import { classifyDependencies } from "./metadata/dependencies.js";
import { isProsodyInternalRequire, parseSourceFacts } from "./metadata/lua-source.js";
import { emptyReadme, parseReadme } from "./metadata/readme.js";
import type { DirectoryHistory } from "./history.js";
import { tryModuleName } from "./names.js";
import type { CatalogueProblem, CommunityModule, ModuleName, SourceFacts } from "./types.js";

/** The raw material of one module directory, as read from disk by a source adapter. */
export interface ModuleMaterial {
  dir: string;
  files: string[];
  readme: { file: string; text: string } | undefined;
  lua: ReadonlyMap<string, string>;
  entry: string | undefined;
}

export interface CommunityIndexInput {
  modules: readonly ModuleMaterial[];
  history: ReadonlyMap<string, DirectoryHistory>;
  isBuiltin: (name: ModuleName) => boolean;
}

/** Turns every module directory into a catalogue entry; one unreadable README is a reported problem, never a stop. */
export function buildCommunityIndex(input: CommunityIndexInput): { modules: CommunityModule[]; problems: CatalogueProblem[] } {
  const problems: CatalogueProblem[] = [];
  const names = new Set<string>();
  for (const material of input.modules) if (tryModuleName(material.dir) === material.dir) names.add(material.dir);
  const isCommunity = (name: ModuleName): boolean => names.has(name);

  const modules: CommunityModule[] = [];
  for (const material of input.modules) {
    const name = tryModuleName(material.dir);
    if (name === undefined || name !== material.dir) {
      problems.push({ module: material.dir, problem: "directory name is not a valid module name; skipped" });
      continue;
    }
    const readme = material.readme ? parseReadme(material.readme.text, material.readme.file) : emptyReadme();
    for (const problem of readme.problems) problems.push({ module: name, problem: `${material.readme?.file ?? "README"}: ${problem}` });
    const facts = mergeFacts([...material.lua.values()].map(parseSourceFacts));
    const dependencies = classifyDependencies(facts, input.isBuiltin, isCommunity, readme.rockspec.dependencies, name);
    const history = input.history.get(material.dir);
    modules.push({
      name,
      summary: readme.summary,
      stage: readme.stage,
      labels: readme.labels,
      supersededBy: readme.supersededBy,
      rockspec: readme.rockspec,
      compatibility: readme.compatibility,
      dependencies,
      headers: facts.headers,
      files: material.files,
      revision: history?.revision,
      changesets: history?.changesets ?? 0,
      readme: material.readme?.file,
      hasCode: material.entry !== undefined,
    });
  }
  return { modules, problems };
}

function mergeFacts(all: readonly SourceFacts[]): SourceFacts {
  const merged: SourceFacts = { depends: [], unknowableDepends: [], requires: [], headers: {} };
  for (const facts of all) {
    merged.depends.push(...facts.depends);
    merged.unknowableDepends.push(...facts.unknowableDepends);
    merged.requires.push(...facts.requires.filter((name) => !isProsodyInternalRequire(name)));
    Object.assign(merged.headers, facts.headers);
  }
  return merged;
}
