import { failure, usageError } from "../core/errors.js";
import { shortName } from "../core/names.js";
import type { ModuleName } from "../core/types.js";
import { type ConfigEdit, ensureInList, removeFromList, type ScopeRef } from "../prosody/config/edit.js";
import { type ParsedConfigFile, type ProsodyConfig, listValues } from "../prosody/config/model.js";
import { chainEdits } from "./config-change.js";

export function scopeFromOptions(host: string | undefined, component: string | undefined): ScopeRef {
  if (host && component) throw usageError("give --host or --component, not both");
  if (host) return { kind: "VirtualHost", name: validHost(host) };
  if (component) return { kind: "Component", name: validHost(component) };
  return { kind: "global" };
}

function validHost(name: string): string {
  if (!/^[A-Za-z0-9.*_-]+$/.test(name) || name.startsWith("-")) throw usageError(`invalid host name '${name}'`);
  return name;
}

export function describeScope(scope: ScopeRef): string {
  return scope.kind === "global" ? "globally" : `on ${scope.kind} "${scope.name}"`;
}

/** The file that holds a section (VirtualHosts often live in conf.d); global options go to the main file. */
function fileFor(config: ProsodyConfig, scope: ScopeRef): ParsedConfigFile {
  const main = config.files[0];
  if (!main) throw failure("no Prosody config was read");
  if (scope.kind === "global") return main;
  const file = config.files.find((candidate) => candidate.scopes.some((section) => section.kind === scope.kind && section.name === scope.name));
  if (!file) throw failure(`there is no ${scope.kind} "${scope.name}" in ${main.file} or the files it includes`);
  return file;
}

export function planEnable(config: ProsodyConfig, name: ModuleName, scope: ScopeRef): { edits: ConfigEdit[]; descriptions: string[] } {
  const file = fileFor(config, scope);
  const module = shortName(name);
  const steps = [(current: ParsedConfigFile) => ensureInList(current, "modules_enabled", module, scope)];
  // A host that disabled the module explicitly would keep it off: lift that too.
  if (scope.kind !== "global") steps.push((current) => removeFromList(current, "modules_disabled", module, scope));
  const { edit, descriptions } = chainEdits(file, steps);
  return { edits: [edit], descriptions };
}

/**
 * Takes the module out of modules_enabled where the scope lists it. A host that inherits it from the global list gets
 * it in its modules_disabled instead, which is how Prosody turns a global module off for one host.
 */
export function planDisable(config: ProsodyConfig, name: ModuleName, scope: ScopeRef): { edits: ConfigEdit[]; descriptions: string[] } {
  const module = shortName(name);
  const file = fileFor(config, scope);
  const steps = [(current: ParsedConfigFile) => removeFromList(current, "modules_enabled", module, scope)];
  if (scope.kind !== "global" && enabledScopes(config, name).some((where) => where.kind === "global")) {
    steps.push((current) => ensureInList(current, "modules_disabled", module, scope));
  }
  const { edit, descriptions } = chainEdits(file, steps);
  return { edits: [edit], descriptions };
}

/** Every scope whose modules_enabled names the module. */
export function enabledScopes(config: ProsodyConfig, name: ModuleName): ScopeRef[] {
  const module = shortName(name);
  const out: ScopeRef[] = [];
  for (const file of config.files) {
    for (const assignment of file.assignments) {
      if (assignment.name !== "modules_enabled" || !listValues(assignment.value).includes(module)) continue;
      out.push(assignment.scope.kind === "global" ? { kind: "global" } : { kind: assignment.scope.kind, name: assignment.scope.name });
    }
  }
  return out;
}

/** Removes the module from every modules_enabled, in every file: before its files go, so Prosody never misses it. */
export function planDisableEverywhere(config: ProsodyConfig, name: ModuleName): { edits: ConfigEdit[]; descriptions: string[] } {
  const module = shortName(name);
  const edits: ConfigEdit[] = [];
  const descriptions: string[] = [];
  for (const file of config.files) {
    const scopes = enabledScopes({ files: [file] }, name);
    if (scopes.length === 0) continue;
    const { edit, descriptions: done } = chainEdits(file, scopes.map((scope) => (current: ParsedConfigFile) => removeFromList(current, "modules_enabled", module, scope)));
    edits.push(edit);
    descriptions.push(...done);
  }
  return { edits, descriptions };
}
