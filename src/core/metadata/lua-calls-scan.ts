import type { LuaArgument, LuaCall } from "./lua-calls.js";
import { type Token, tokenize } from "./lua-tokens.js";

/**
 * Finds `module:depends`, `require` and `pcall(require, …)` calls from tokens alone: the reader for code luaparse
 * rejects. It sees the same calls luaparse does in any file both can read (the unit tests check every real one).
 */
export function callsFromTokens(code: string): LuaCall[] {
  const tokens = tokenize(code);
  const calls: LuaCall[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token?.type !== "name") continue;
    const before = tokens[index - 1]?.value;
    if (token.value === "depends" && before === ":" && isGlobal(tokens, index - 2, "module")) {
      const args = callArguments(tokens, index + 1, code);
      if (args) calls.push({ callee: "depends", args, at: tokens[index - 2]?.start ?? token.start });
    } else if (token.value === "require" && isGlobal(tokens, index, "require")) {
      const args = callArguments(tokens, index + 1, code);
      if (args) calls.push({ callee: "require", args, at: token.start });
    } else if (token.value === "pcall" && isGlobal(tokens, index, "pcall")) {
      const args = callArguments(tokens, index + 1, code);
      const [fn, name] = args ?? [];
      if (fn?.kind === "other" && fn.text === "require" && name) calls.push({ callee: "require", args: [name], at: token.start });
    }
  }
  return calls;
}

/** A bare name, not a field (`x.module`, `lib:require`) and not a declaration (`function require`). */
function isGlobal(tokens: readonly Token[], index: number, name: string): boolean {
  const token = tokens[index];
  const before = tokens[index - 1]?.value;
  return token?.type === "name" && token.value === name && before !== "." && before !== ":" && before !== "function";
}

/** The arguments of a call whose arguments start at `start`: `f(a, b)`, `f"x"`, `f[[x]]`, `f{…}`; else undefined. */
function callArguments(tokens: readonly Token[], start: number, code: string): LuaArgument[] | undefined {
  const opener = tokens[start];
  if (!opener) return undefined;
  if (opener.type === "string") return [{ kind: "string", value: opener.value }];
  if (opener.value === "{") {
    const close = matching(tokens, start);
    return [{ kind: "other", text: code.slice(opener.start, tokens[close]?.end ?? code.length) }];
  }
  if (opener.value !== "(") return undefined;
  const groups: Token[][] = [[]];
  const close = matching(tokens, start);
  let depth = 0;
  for (let index = start + 1; index < close; index++) {
    const token = tokens[index];
    if (!token) break;
    if (token.type === "punct") {
      if (token.value === "(" || token.value === "{" || token.value === "[") depth++;
      else if (token.value === ")" || token.value === "}" || token.value === "]") depth--;
      else if (token.value === "," && depth === 0) {
        groups.push([]);
        continue;
      }
    }
    groups[groups.length - 1]?.push(token);
  }
  return groups.filter((group) => group.length > 0).map((group) => argument(group, code));
}

function argument(group: readonly Token[], code: string): LuaArgument {
  const [first] = group;
  const last = group[group.length - 1];
  if (group.length === 1 && first?.type === "string") return { kind: "string", value: first.value };
  if (group.length === 1 && first?.type === "name" && first.value === "true") return { kind: "true" };
  return { kind: "other", text: code.slice(first?.start ?? 0, last?.end ?? 0) };
}

/** The index of the bracket closing the one at `open`, or the end of the tokens when it is never closed. */
function matching(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const value = tokens[index]?.type === "punct" ? tokens[index]?.value : undefined;
    if (value === "(" || value === "{" || value === "[") depth++;
    else if (value === ")" || value === "}" || value === "]") {
      depth--;
      if (depth === 0) return index;
    }
  }
  return tokens.length;
}
