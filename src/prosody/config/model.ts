// What prosody-manager reads from a Prosody config: every option assignment and section, with source ranges kept so
// an editor can splice new text in without disturbing a byte around it.

export type Range = readonly [start: number, end: number];

export interface ListElement {
  value: string;
  range: Range;
}

export type ConfigValue =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "list"; items: ListElement[]; /** the `{ ... }` */ range: Range; /** entries that are not plain strings */ other: number }
  | { kind: "expression"; source: string };

export type ScopeKind = "global" | "VirtualHost" | "Component";

export interface Scope {
  kind: ScopeKind;
  /** The host name; "*" for the global section. */
  name: string;
  /** Component plugin (`Component "x" "muc"`), if any. */
  plugin: string | undefined;
  /** Where the section's header statement ends; undefined for the global section. */
  headerEnd: number | undefined;
}

export interface Assignment {
  name: string;
  value: ConfigValue;
  scope: Scope;
  /** The whole `name = value` statement. */
  range: Range;
  valueRange: Range;
}

export interface ParsedConfigFile {
  file: string;
  text: string;
  assignments: Assignment[];
  scopes: Scope[];
  includes: string[];
  /** End of the last global statement before the first section, where new global options go. */
  globalInsertAt: number;
  /** Start of the first section header, if there is one. */
  firstSectionAt: number | undefined;
}

export interface ProsodyConfig {
  /** The main file first, then included files in the order Prosody reads them. */
  files: ParsedConfigFile[];
}

export const GLOBAL_SCOPE: Scope = { kind: "global", name: "*", plugin: undefined, headerEnd: undefined };

export function stringValue(value: ConfigValue | undefined): string | undefined {
  return value?.kind === "string" ? value.value : undefined;
}

export function listValues(value: ConfigValue | undefined): string[] {
  return value?.kind === "list" ? value.items.map((item) => item.value) : value?.kind === "string" ? [value.value] : [];
}

/** The last assignment of an option in a scope across all files: Prosody lets a later one win. */
export function findOption(config: ProsodyConfig, name: string, scope: Pick<Scope, "kind" | "name"> = GLOBAL_SCOPE): { file: ParsedConfigFile; assignment: Assignment } | undefined {
  let found: { file: ParsedConfigFile; assignment: Assignment } | undefined;
  for (const file of config.files) {
    for (const assignment of file.assignments) {
      if (assignment.name === name && assignment.scope.kind === scope.kind && assignment.scope.name === scope.name) found = { file, assignment };
    }
  }
  return found;
}

export function allScopes(config: ProsodyConfig): Scope[] {
  return [GLOBAL_SCOPE, ...config.files.flatMap((file) => file.scopes)];
}
