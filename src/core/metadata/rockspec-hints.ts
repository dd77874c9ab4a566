import type { RockspecHints } from "../types.js";
import { unescapeMarkdown } from "./markdown.js";
import { isMapping, stringList } from "./yaml-values.js";

/** The README's `rockspec:` key: what the rock generator merges into the module's rockspec. */
export function rockspecHints(raw: unknown, problems: string[]): RockspecHints {
  const hints: RockspecHints = { dependencies: [], buildModules: {}, copyDirectories: [] };
  if (raw === undefined || raw === null) return hints;
  if (!isMapping(raw)) {
    problems.push("rockspec: is not a mapping; ignored");
    return hints;
  }
  hints.dependencies = stringList(raw.dependencies, "rockspec.dependencies", problems).map((dependency) =>
    unescapeMarkdown(dependency).trim(),
  );
  const build = raw.build;
  if (build === undefined || build === null) return hints;
  if (!isMapping(build)) {
    problems.push("rockspec.build is not a mapping; ignored");
    return hints;
  }
  const modules = build.modules;
  if (isMapping(modules)) {
    for (const [name, file] of Object.entries(modules)) {
      if (typeof file === "string") hints.buildModules[name] = file;
      else problems.push(`rockspec.build.modules.${name} is not a file path; ignored`);
    }
  } else if (modules !== undefined && modules !== null) {
    problems.push("rockspec.build.modules is not a mapping; ignored");
  }
  hints.copyDirectories = stringList(build.copy_directories, "rockspec.build.copy_directories", problems);
  return hints;
}
