import { failure } from "./errors.js";
import { compatibilityFor } from "./metadata/compatibility.js";
import { suggestNames } from "./search.js";
import type { CommunityModule, ModuleName } from "./types.js";
import { WARN_STAGES } from "./types.js";

/** What the install warnings need to know about the installation. */
export interface WarningContext {
  withDependencies: boolean;
  prosodyVersion: string | undefined;
}

export function warningsFor(module: CommunityModule, input: WarningContext): string[] {
  const out: string[] = [];
  if (module.stage && WARN_STAGES.includes(module.stage)) out.push(`${module.name} is marked Stage-${module.stage}`);
  if (module.supersededBy) out.push(`${module.name} is superseded by ${module.supersededBy}`);
  const compatibility = input.prosodyVersion ? compatibilityFor(module.compatibility, input.prosodyVersion) : undefined;
  if (compatibility?.works === false) out.push(`${module.name}'s README says "${compatibility.status}" for Prosody ${compatibility.version} (installed: ${input.prosodyVersion})`);
  // Shadowing (of the built-in module, by a rock) is said from the copies on disk: app/install-shadowing.ts.
  if (module.dependencies.luaRequires.length > 0) {
    out.push(`${module.name} needs Lua libraries that you install yourself: ${module.dependencies.luaRequires.join(", ")}`);
  }
  if (module.dependencies.unknowable.length > 0) {
    out.push(`${module.name} loads modules chosen at run time (${module.dependencies.unknowable.join(", ")}); check its README`);
  }
  if (!input.withDependencies && module.dependencies.community.length > 0) {
    out.push(`${module.name} depends on ${module.dependencies.community.join(", ")} (not installed: --no-deps)`);
  }
  return out;
}

export function unknownModule(name: ModuleName, known: Iterable<string>): Error {
  const suggestions = suggestNames(known, name);
  return failure(
    `unknown module ${name}`,
    suggestions.length > 0 ? `did you mean ${suggestions.join(", ")}?` : "try 'prosody-manager module search <words>'",
  );
}

/** Asked to install a module that neither source offers but Prosody ships: say so, and how to use it. */
export function builtinNotOffered(name: ModuleName, where: string): Error {
  return failure(`${name} is built into Prosody; ${where} does not offer it, and there is nothing to install`, `enable the built-in module: 'prosody-manager module enable ${name}'`);
}
