// What prosody-manager reads from a Prosody config: every option assignment and section, with source ranges kept so
// an editor can splice new text in without disturbing a byte around it. Ranges are offsets into the file's text as a
// JavaScript string (UTF-16 code units), which is what splicing that string needs; they equal byte offsets for ASCII.

export type Range = readonly [start: number, end: number];

export interface ListElement {
  value: string;
  range: Range;
}

export type ConfigValue =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | {
      kind: "list";
      /** The plain string entries, in order. */
      items: ListElement[];
      /** The `{ ... }`. */
      range: Range;
      /** Every entry, strings or not, so an insertion can go after the real last one. */
      fields: Range[];
      /** Entries that are not plain strings (`ENV_X`, `"a".."b"`): kept, but not readable. */
      other: number;
    }
  /**
   * Anything that is not a literal (`data_path .. "/x"`, a function call, a keyed table): only its source. `built`
   * says how, in words, for a refusal to edit it.
   */
  | { kind: "expression"; source: string; built?: string };

export type ScopeKind = "global" | "VirtualHost" | "Component";

export interface Scope {
  kind: ScopeKind;
  /** The host name as Prosody keys it (lower case); "*" for the global section. */
  name: string;
  /** Component plugin (`Component "x" "muc"`); undefined for VirtualHosts and external components. */
  plugin: string | undefined;
  /** Where the section's header statement ends; undefined for the global section. */
  headerEnd: number | undefined;
  headerRange: Range | undefined;
  /**
   * "statement": options follow the header until the next section. "table": `VirtualHost "x" { ... }`, options live
   * in the table and the global section resumes after it.
   */
  form: "statement" | "table" | undefined;
  /** False when the host name is not a literal (`VirtualHost(ENV_HOST)`): its options are known, its name is not. */
  literalName: boolean;
  /** The `{ ... }` of a section written as a table; undefined otherwise. */
  tableRange?: Range;
}

export interface Assignment {
  name: string;
  value: ConfigValue;
  scope: Scope;
  /** The whole `name = value` statement (or `name = value` field of a section table). */
  range: Range;
  valueRange: Range;
}

export interface IncludeSite {
  /** As written: `conf.d/*.cfg.lua`; undefined when it is not a literal. */
  pattern: string | undefined;
  range: Range;
}

export interface ParsedConfigFile {
  file: string;
  text: string;
  assignments: Assignment[];
  scopes: Scope[];
  /** Literal Include targets, in order. */
  includes: string[];
  includeSites: IncludeSite[];
  /** Top-level statements with the scope each one runs in. */
  statements: { range: Range; scope: Scope }[];
  comments: Range[];
  /** End of the last global statement before the first section (0 when there is none). */
  globalInsertAt: number;
  /** Start of the first section header, if there is one. */
  firstSectionAt: number | undefined;
}

export interface ProsodyConfig {
  /** The main file first, then included files depth-first, in the order their Include lines name them. */
  files: ParsedConfigFile[];
}

export interface OptionSite {
  file: ParsedConfigFile;
  assignment: Assignment;
}

/** A VirtualHost or Component, merged over every place that opens it (Prosody treats reopening as one host). */
export interface Section {
  kind: "VirtualHost" | "Component";
  name: string;
  plugin: string | undefined;
  headers: { file: string; range: Range }[];
  /** The option values the host sets itself (not inherited), the one Prosody keeps winning. */
  options: Map<string, OptionSite>;
}

export interface MissingInclude {
  /** The file with the Include line. */
  from: string;
  pattern: string;
  /** Why Prosody would refuse it: a missing file or directory. */
  reason: string;
}

/** A config as loaded from disk: files plus the evaluation order, resolved values and what could not be read. */
export interface LoadedProsodyConfig extends ProsodyConfig {
  /** Every option assignment in the order Prosody runs them (an Include runs the included file where it stands). */
  assignments: OptionSite[];
  /** Global option values, the winning assignment of each. */
  globals: Map<string, OptionSite>;
  sections: Section[];
  /** Include targets that do not exist. Prosody refuses to start on these; reading goes on without them. */
  missingIncludes: MissingInclude[];
  /** The main file. */
  main: string;
  /**
   * For each file, the files each of its Include statements read (in the order of `includeSites`; empty when
   * missing or not a literal), so the evaluation order can be rebuilt after an edit without touching the disk.
   */
  includeTargets: Map<string, string[][]>;
}

export const GLOBAL_SCOPE: Scope = {
  kind: "global",
  name: "*",
  plugin: undefined,
  headerEnd: undefined,
  headerRange: undefined,
  form: undefined,
  literalName: true,
};

export function stringValue(value: ConfigValue | undefined): string | undefined {
  return value?.kind === "string" ? value.value : undefined;
}

/** A value as an admin reads it in a report: a string as itself, a list as its strings, anything else as its source. */
export function describeValue(value: ConfigValue): string {
  switch (value.kind) {
    case "string":
      return value.value;
    case "number":
    case "boolean":
      return String(value.value);
    case "list":
      return `{ ${value.items.map((item) => JSON.stringify(item.value)).join(", ")}${value.other > 0 ? `${value.items.length > 0 ? ", " : ""}…` : ""} }`;
    case "expression":
      return `${value.source} (computed when Prosody reads the config)`;
  }
}

/**
 * The strings of a list option. A bare string is not a list to Prosody (modules_enabled = "x" enables nothing,
 * plugin_paths = "x" stops it at startup), so it reads as empty here too.
 */
export function listValues(value: ConfigValue | undefined): string[] {
  return value?.kind === "list" ? value.items.map((item) => item.value) : [];
}

/** Host names compare as Prosody's nameprep leaves them; lower case covers the names a config can hold in practice. */
export function hostKey(name: string): string {
  return name.toLowerCase();
}

export function sameScope(scope: Pick<Scope, "kind" | "name">, ref: Pick<Scope, "kind" | "name">): boolean {
  return scope.kind === ref.kind && (scope.kind === "global" || hostKey(scope.name) === hostKey(ref.name));
}

/** Assignments in evaluation order: exact for a loaded config, file by file for a hand-built one. */
export function evaluationOrder(config: ProsodyConfig): OptionSite[] {
  if ("assignments" in config && Array.isArray(config.assignments)) return (config as LoadedProsodyConfig).assignments;
  return config.files.flatMap((file) => file.assignments.map((assignment) => ({ file, assignment })));
}

/** The assignment of an option in a scope that Prosody keeps: the last one it runs. */
export function findOption(config: ProsodyConfig, name: string, scope: Pick<Scope, "kind" | "name"> = GLOBAL_SCOPE): OptionSite | undefined {
  let found: OptionSite | undefined;
  for (const site of evaluationOrder(config)) {
    if (site.assignment.name === name && sameScope(site.assignment.scope, scope)) found = site;
  }
  return found;
}

/** The value a host sees for an option: its own, else the global one (Prosody's per-host fallback). */
export function effectiveOption(config: ProsodyConfig, name: string, scope: Pick<Scope, "kind" | "name">): OptionSite | undefined {
  return (scope.kind === "global" ? undefined : findOption(config, name, scope)) ?? findOption(config, name, GLOBAL_SCOPE);
}

export function allScopes(config: ProsodyConfig): Scope[] {
  return [GLOBAL_SCOPE, ...config.files.flatMap((file) => file.scopes)];
}
