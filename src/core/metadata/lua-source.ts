import type { SourceFacts } from "../types.js";
import { tokenize, type Token } from "./lua-tokens.js";

/** Prosody's own libraries: never something an admin installs separately. */
export function isProsodyInternalRequire(name: string): boolean {
  return /^(util|core|net|prosody|modulemanager|plugins)(\.|$)/.test(name) || name.startsWith("./");
}

/** What a module's Lua code says about what it needs: `module:depends`, `require`, and `--%` headers. */
export function parseSourceFacts(code: string): SourceFacts {
  const facts: SourceFacts = { depends: [], unknowableDepends: [], requires: [], headers: parseHeaders(code) };
  const tokens = tokenize(code);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token?.type !== "name") continue;
    if (token.value === "depends" && tokens[index - 1]?.value === ":" && tokens[index - 2]?.value === "module") {
      const call = callArguments(tokens, index + 1);
      const first = call.args[0];
      if (first && first.length === 1 && first[0]?.type === "string") {
        const soft = call.args[1]?.length === 1 && call.args[1][0]?.value === "true";
        facts.depends.push({ name: first[0].value, soft });
      } else if (first) {
        facts.unknowableDepends.push(first.map((part) => part.raw).join(""));
      }
    }
    if (token.value === "require" && tokens[index - 1]?.value !== "." && tokens[index - 1]?.value !== ":") {
      const first = callArguments(tokens, index + 1).args[0];
      if (first && first.length === 1 && first[0]?.type === "string") facts.requires.push(first[0].value);
    }
  }
  facts.requires = [...new Set(facts.requires)].sort();
  return facts;
}

/** Arguments of a call at `start`: `f("x", y)`, `f"x"`, `f[[x]]`; each argument as its tokens. */
function callArguments(tokens: readonly Token[], start: number): { args: Token[][] } {
  const opener = tokens[start];
  if (opener?.type === "string") return { args: [[opener]] };
  if (opener?.value !== "(") return { args: [] };
  const args: Token[][] = [[]];
  let depth = 0;
  for (let index = start + 1; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token) break;
    if (token.value === "(" || token.value === "{" || token.value === "[") depth++;
    if (token.value === ")" || token.value === "}" || token.value === "]") {
      if (depth === 0) break;
      depth--;
    }
    if (token.value === "," && depth === 0) {
      args.push([]);
      continue;
    }
    args[args.length - 1]?.push(token);
  }
  return { args: args.filter((arg) => arg.length > 0) };
}

function parseHeaders(code: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const match of code.matchAll(/^[ \t]*--%\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/gm)) {
    if (match[1]) headers[match[1]] = match[2] ?? "";
  }
  return headers;
}
