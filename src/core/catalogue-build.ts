import { classifyDependencies } from "./metadata/dependencies.js";
import { callsFromTokens } from "./metadata/lua-calls-scan.js";
import { factsFromCalls, isProsodyInternalRequire } from "./metadata/lua-source.js";
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
  /** Every module directory of the tree, when `modules` is one batch of it: community dependencies are named here. */
  names?: ReadonlySet<string>;
}

/** Turns every module directory into a catalogue entry; one unreadable README is a reported problem, never a stop. */
export function buildCommunityIndex(input: CommunityIndexInput): { modules: CommunityModule[]; problems: CatalogueProblem[] } {
  const problems: CatalogueProblem[] = [];
  const names = input.names ? validNames(input.names) : validNames(new Set(input.modules.map((material) => material.dir)));
  const isCommunity = (name: ModuleName): boolean => names.has(name);

  const modules: CommunityModule[] = [];
  for (const material of input.modules) {
    const name = tryModuleName(material.dir);
    if (name === undefined || name !== material.dir) {
      problems.push({ module: material.dir, problem: "directory name is not a valid module name; skipped" });
      continue;
    }
    const readme = material.readme ? parseReadme(material.readme.text, material.readme.file, { introduction: false }) : emptyReadme();
    for (const problem of readme.problems) problems.push({ module: name, problem: `${material.readme?.file ?? "README"}: ${problem}` });
    // The token scan, not luaparse: it finds the same calls in every real module (test/unit/metadata-lua.test.ts)
    // at a fraction of the time and memory, which is most of a sync of a large tree.
    const facts = mergeFacts([...material.lua.values()].map((code) => factsFromCalls(callsFromTokens(code), code)));
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

// A sync builds the index batch by batch with the same set of every directory: its module names are found once.
const namesOf = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function validNames(dirs: ReadonlySet<string>): ReadonlySet<string> {
  let names = namesOf.get(dirs);
  if (!names) {
    names = new Set([...dirs].filter((dir) => tryModuleName(dir) === dir));
    namesOf.set(dirs, names);
  }
  return names;
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

/**
 * The index after an incremental sync: `rebuilt` entries for the directories that changed, the previous entries for
 * the rest of `present`, whose community dependencies are split again since modules may have come or gone.
 */
export function mergeCommunityIndex(
  previous: readonly CommunityModule[],
  previousProblems: readonly CatalogueProblem[],
  rebuilt: { modules: readonly CommunityModule[]; problems: readonly CatalogueProblem[] },
  present: ReadonlySet<string>,
): { modules: CommunityModule[]; problems: CatalogueProblem[] } {
  const fresh = new Map(rebuilt.modules.map((module) => [module.name as string, module]));
  const modules: CommunityModule[] = [];
  for (const module of previous) {
    if (fresh.has(module.name) || !present.has(module.name)) continue;
    modules.push({ ...module, dependencies: reclassified(module.dependencies, present) });
  }
  modules.push(...rebuilt.modules);
  modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const kept = previousProblems.filter((problem) => !fresh.has(problem.module) && present.has(problem.module) && !rebuilt.problems.some((other) => other.module === problem.module));
  return { modules, problems: [...kept, ...rebuilt.problems] };
}

function reclassified(dependencies: CommunityModule["dependencies"], present: ReadonlySet<string>): CommunityModule["dependencies"] {
  const needed = [...dependencies.community, ...dependencies.unknown];
  return {
    ...dependencies,
    community: needed.filter((name) => present.has(name)).sort(),
    unknown: needed.filter((name) => !present.has(name)).sort(),
  };
}
