import { failure, usageError } from "../core/errors.js";
import { shortName } from "../core/names.js";
import type { ModuleName } from "../core/types.js";
import { type ConfigEdit, ensureInList, removeFromList, type ScopeRef } from "../prosody/config/edit.js";
import { effectiveSite } from "../prosody/config/effective.js";
import { AUTOLOAD_MODULES, modulesForHost } from "../prosody/config/host-modules.js";
import { type ProsodyConfig, listValues } from "../prosody/config/model.js";
import { requireSection } from "../prosody/config/placement.js";
import { unchangedEdit } from "../prosody/config/splice.js";
import { chainEdits } from "./config-change.js";

type Plan = { edits: ConfigEdit[]; descriptions: string[] };
type Step = (current: ProsodyConfig) => ConfigEdit;

export function scopeFromOptions(host: string | undefined, component: string | undefined): ScopeRef {
  if (host && component) throw usageError("give --host or --component, not both");
  // Prosody keeps global options under the host "*" (`Host "*"` opens the global section).
  if (host === "*") return { kind: "global" };
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

/**
 * Puts the module into the modules_enabled Prosody uses for the scope (wherever that list is) and lifts a
 * modules_disabled of the same scope that names it, which would keep it off.
 */
export function planEnable(config: ProsodyConfig, name: ModuleName, scope: ScopeRef): Plan {
  requireSection(config, scope);
  const module = shortName(name);
  return chainEdits(config, [(current) => ensureInList(current, "modules_enabled", module, scope), (current) => removeFromList(current, "modules_disabled", module, scope)]);
}

/**
 * Takes the module out of the scope's modules_enabled. If the scope would still load it (a host inheriting it from
 * the global list, a module Prosody loads by itself), it goes into the scope's modules_disabled too, which is how
 * Prosody turns it off there.
 */
export function planDisable(config: ProsodyConfig, name: ModuleName, scope: ScopeRef): Plan {
  requireSection(config, scope);
  const module = shortName(name);
  const steps: Step[] = [(current) => removeFromList(current, "modules_enabled", module, scope)];
  steps.push((current) => (stillLoaded(current, module, scope) ? ensureInList(current, "modules_disabled", module, scope) : nothing(current)));
  return chainEdits(config, steps);
}

function nothing(config: ProsodyConfig): ConfigEdit {
  const main = config.files[0];
  if (!main) throw failure("no Prosody config was read");
  return unchangedEdit(main, "nothing more to change");
}

/** Whether the scope would load the module after its own modules_enabled no longer names it. */
function stillLoaded(config: ProsodyConfig, module: string, scope: ScopeRef): boolean {
  if (scope.kind !== "global") return modulesForHost(config, scope).has(module);
  const disabled = listValues(effectiveSite(config, "modules_disabled", scope)?.assignment.value);
  return (AUTOLOAD_MODULES as readonly string[]).includes(module) && !disabled.includes(module);
}

/**
 * Where each module is enabled: every scope whose modules_enabled, as Prosody uses it (the last assignment of the
 * scope, in whichever file), names it. The one answer to "where is this module enabled" that enable/disable, removal,
 * the running server and doctor share. Keys are the names as written (`pastebin`), scopes in config order, global first.
 */
export function enabledModules(config: ProsodyConfig): Map<string, ScopeRef[]> {
  const out = new Map<string, ScopeRef[]>();
  for (const scope of [{ kind: "global" } as const, ...hostScopes(config)]) {
    for (const module of listValues(effectiveSite(config, "modules_enabled", scope)?.assignment.value)) {
      const scopes = out.get(module) ?? [];
      // A list that names a module twice still enables it once there.
      if (!scopes.includes(scope)) out.set(module, [...scopes, scope]);
    }
  }
  return out;
}

/** Every scope whose modules_enabled, as Prosody uses it, names the module. */
export function enabledScopes(config: ProsodyConfig, name: ModuleName): ScopeRef[] {
  return enabledModules(config).get(shortName(name)) ?? [];
}

function hostScopes(config: ProsodyConfig): ScopeRef[] {
  const out: { kind: "VirtualHost" | "Component"; name: string }[] = [];
  for (const file of config.files) {
    for (const scope of file.scopes) {
      if (scope.kind === "global" || !scope.literalName) continue;
      if (!out.some((known) => known.kind === scope.kind && known.name === scope.name)) out.push({ kind: scope.kind, name: scope.name });
    }
  }
  return out;
}

/** Removes the module from every modules_enabled Prosody uses: before its files go, so Prosody never misses it. */
export function planDisableEverywhere(config: ProsodyConfig, name: ModuleName): Plan {
  const module = shortName(name);
  return chainEdits(config, enabledScopes(config, name).map((scope): Step => (current) => removeFromList(current, "modules_enabled", module, scope)));
}
