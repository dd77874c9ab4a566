import type { SourceFacts } from "../types.js";
import type { LuaCall } from "./lua-calls.js";
import { callsFromSyntaxTree } from "./lua-calls-ast.js";
import { callsFromTokens } from "./lua-calls-scan.js";

// Prosody's own libraries (`util.jid`, `core.usermanager`, `net.http`, and 13.0's `prosody.*` names), and the bare
// `xxxmanager` names of Prosody 0.6-era code: never something an admin installs separately.
const PROSODY_INTERNAL = /^((util|core|net|prosody|plugins)(\.|$)|[a-z]+manager$)/;

export function isProsodyInternalRequire(name: string): boolean {
  return PROSODY_INTERNAL.test(name) || name.startsWith(".");
}

/**
 * What a module's Lua code says about what it needs: `module:depends` targets (soft when the second argument is
 * `true`; kept as source text when the first is not a literal), `require`d libraries, and `--% key: value` headers.
 * luaparse reads the code when it can; a file it rejects is read by a token scan that ignores comments and strings.
 */
export function parseSourceFacts(code: string): SourceFacts {
  return factsFromCalls(callsFromSyntaxTree(code) ?? callsFromTokens(code), code);
}

export function factsFromCalls(calls: readonly LuaCall[], code: string): SourceFacts {
  const depends: SourceFacts["depends"] = [];
  const unknowable: string[] = [];
  const requires = new Set<string>();
  for (const call of calls) {
    const [first, second] = call.args;
    if (!first) continue;
    if (call.callee === "require") {
      if (first.kind === "string") requires.add(first.value);
    } else if (first.kind === "string") {
      const soft = second?.kind === "true";
      if (!depends.some((dependency) => dependency.name === first.value && dependency.soft === soft)) {
        depends.push({ name: first.value, soft });
      }
    } else {
      const text = first.kind === "true" ? "true" : first.text;
      if (!unknowable.includes(text)) unknowable.push(text);
    }
  }
  return { depends, unknowableDepends: unknowable, requires: [...requires].sort(), headers: headersOf(code) };
}

/** `--% key: value` lines; a key given twice keeps both values, comma-separated. */
function headersOf(code: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!code.includes("--%")) return headers;
  for (const match of code.matchAll(/^[ \t]*--%[ \t]*([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$/gm)) {
    const [, key = "", value = ""] = match;
    headers[key] = headers[key] ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}
