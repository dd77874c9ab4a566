import { failure, type UserError } from "../../core/errors.js";
import { findOption, type OptionSite, type ParsedConfigFile, type ProsodyConfig, sameScope } from "./model.js";
import { lineAt } from "./layout.js";
import { asScope, type ScopeRef, scopeWords } from "./placement.js";

// Which assignment of an option Prosody uses, in whichever file it is: edits go there and nowhere else.

/** A single parsed file is a config of one file: older callers and tests edit files directly. */
export function asConfig(target: ProsodyConfig | ParsedConfigFile): ProsodyConfig {
  return "text" in target ? { files: [target] } : target;
}

/** The assignment Prosody ends up with for an option in a scope: the last one it runs, in any file. */
export function effectiveSite(config: ProsodyConfig, name: string, ref: ScopeRef): OptionSite | undefined {
  return findOption(config, name, asScope(ref));
}

/** How many assignments of the option the scope has, over all files. */
export function assignmentCount(config: ProsodyConfig, name: string, ref: ScopeRef): number {
  return config.files.reduce((count, file) => count + file.assignments.filter((assignment) => assignment.name === name && sameScope(assignment.scope, asScope(ref))).length, 0);
}

export function siteWhere(site: OptionSite): string {
  return `${site.file.file}:${lineAt(site.file.text, site.assignment.range[0])}`;
}

/** The refusal for an effective value the tool cannot edit, naming where it is and why. */
export function notEditable(site: OptionSite, ref: ScopeRef, wanted: string): UserError {
  const { assignment } = site;
  const value = assignment.value;
  const why = value.kind === "expression" ? (value.built ?? "it is not a literal") : `it is a ${value.kind}`;
  const source = site.file.text.slice(assignment.valueRange[0], assignment.valueRange[1]).replace(/\s+/g, " ");
  return failure(
    `${assignment.name} ${scopeWords(ref)} is set at ${siteWhere(site)} in a way prosody-manager cannot edit: ${why}, not ${wanted}`,
    `it is written as: ${source.length > 80 ? `${source.slice(0, 77)}...` : source}; edit it by hand`,
  );
}
