import type { LuaArgument, LuaCall } from "./lua-calls.js";
import { type TokenStream, lex } from "./lua-tokens.js";

/**
 * Finds `module:depends`, `require` and `pcall(require, …)` calls from tokens alone: the reader for code luaparse
 * rejects. It sees the same calls luaparse does in any file both can read (the unit tests check every real one).
 */
export function callsFromTokens(code: string): LuaCall[] {
  const tokens = lex(code);
  const calls: LuaCall[] = [];
  for (let index = 0; index < tokens.count; index++) {
    if (!tokens.isName(index)) continue;
    // Only `depends`, `require` and `pcall` start a call worth a closer look.
    const initial = code.charCodeAt(tokens.start(index));
    if (initial !== 100 /* d */ && initial !== 114 /* r */ && initial !== 112 /* p */) continue;
    if (tokens.is(index, "depends") && tokens.is(index - 1, ":") && isGlobal(tokens, index - 2, "module")) {
      const args = callArguments(tokens, index + 1);
      if (args) calls.push({ callee: "depends", args, at: tokens.start(index - 2) });
    } else if (isGlobal(tokens, index, "require")) {
      const args = callArguments(tokens, index + 1);
      if (args) calls.push({ callee: "require", args, at: tokens.start(index) });
    } else if (isGlobal(tokens, index, "pcall")) {
      const args = callArguments(tokens, index + 1);
      const [fn, name] = args ?? [];
      if (fn?.kind === "other" && fn.text === "require" && name) calls.push({ callee: "require", args: [name], at: tokens.start(index) });
    }
  }
  return calls;
}

/** A bare name, not a field (`x.module`, `lib:require`) and not a declaration (`function require`). */
function isGlobal(tokens: TokenStream, index: number, name: string): boolean {
  return tokens.type(index) === "name" && tokens.is(index, name) && !tokens.is(index - 1, ".") && !tokens.is(index - 1, ":") && !tokens.is(index - 1, "function");
}

/** The arguments of a call whose arguments start at `start`: `f(a, b)`, `f"x"`, `f[[x]]`, `f{…}`; else undefined. */
function callArguments(tokens: TokenStream, start: number): LuaArgument[] | undefined {
  const type = tokens.type(start);
  if (type === undefined) return undefined;
  if (type === "string") return [{ kind: "string", value: tokens.value(start) ?? "" }];
  if (tokens.is(start, "{")) {
    const close = matching(tokens, start);
    return [{ kind: "other", text: tokens.code.slice(tokens.start(start), close < tokens.count ? tokens.end(close) : tokens.code.length) }];
  }
  if (!tokens.is(start, "(")) return undefined;
  // Each argument as the range of its tokens, [first, last].
  const groups: [number, number][] = [];
  let first = -1;
  const close = matching(tokens, start);
  let depth = 0;
  for (let index = start + 1; index < close; index++) {
    const punct = tokens.type(index) === "punct" ? tokens.value(index) : undefined;
    if (punct === "(" || punct === "{" || punct === "[") depth++;
    else if (punct === ")" || punct === "}" || punct === "]") depth--;
    else if (punct === "," && depth === 0) {
      if (first !== -1) groups.push([first, index - 1]);
      first = -1;
      continue;
    }
    if (first === -1) first = index;
  }
  if (first !== -1) groups.push([first, close - 1]);
  return groups.map(([from, to]) => argument(tokens, from, to));
}

function argument(tokens: TokenStream, first: number, last: number): LuaArgument {
  if (first === last && tokens.type(first) === "string") return { kind: "string", value: tokens.value(first) ?? "" };
  if (first === last && tokens.type(first) === "name" && tokens.is(first, "true")) return { kind: "true" };
  return { kind: "other", text: tokens.code.slice(tokens.start(first), tokens.end(last)) };
}

/** The index of the bracket closing the one at `open`, or the end of the tokens when it is never closed. */
function matching(tokens: TokenStream, open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.count; index++) {
    if (tokens.type(index) !== "punct") continue;
    const end = tokens.end(index);
    if (end - tokens.start(index) !== 1) continue;
    const char = tokens.code.charCodeAt(end - 1);
    if (char === 40 /* ( */ || char === 123 /* { */ || char === 91 /* [ */) depth++;
    else if (char === 41 /* ) */ || char === 125 /* } */ || char === 93 /* ] */) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return tokens.count;
}
