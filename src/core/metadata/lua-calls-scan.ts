import type { LuaArgument, LuaCall } from "./lua-calls.js";
import { lex, lineEnd, longBracketEnd, longBracketLevel, quotedEnd, type TokenStream } from "./lua-tokens.js";

/**
 * Finds `module:depends`, `require` and `pcall(require, …)` calls from tokens alone: the reader for code luaparse
 * rejects, and the sync's reader of every file. It sees the same calls luaparse does in any file both can read (the
 * unit tests check every real one).
 *
 * Only the text around a candidate name is lexed: a regular expression runs (at native speed) from one comment,
 * string or candidate to the next, and a candidate is lexed in a window that starts where a comment or string
 * started, a place the whole-file lexer also starts a token. Lexing every character of 17 MB of Lua (2 000 modules)
 * was most of a first sync's own work.
 */
export function callsFromTokens(code: string): LuaCall[] {
  const calls: LuaCall[] = [];
  const start = code.startsWith("#") ? lineEnd(code, 0) : 0;
  // Where comments and strings started: token starts the window lexing a candidate may begin at.
  const starts = [0];
  const candidates = new RegExp(CANDIDATES.source, "g");
  candidates.lastIndex = start;
  for (let found = candidates.exec(code); found; found = candidates.exec(code)) {
    const at = found.index;
    const first = code.charCodeAt(at);
    if (first === 45 /* - */) {
      starts.push(at);
      const level = longBracketLevel(code, at + 2);
      candidates.lastIndex = level >= 0 ? longBracketEnd(code, at + 2, level) : lineEnd(code, at);
    } else if (first === 34 /* " */ || first === 39 /* ' */) {
      starts.push(at);
      candidates.lastIndex = quotedEnd(code, at, first);
    } else if (first === 91 /* [ */) {
      const level = longBracketLevel(code, at);
      if (level < 0) continue;
      starts.push(at);
      candidates.lastIndex = longBracketEnd(code, at, level);
    } else {
      const call = callAround(code, at, starts);
      if (call) calls.push(call);
    }
  }
  return calls;
}

/** A comment, a string (quoted or long), or a name that may start a call worth a closer look. */
const CANDIDATES = /--|["'[]|\b(?:depends|require|pcall)\b/;

/** Tokens before a candidate that its reading looks at: `x module : depends`. */
const CONTEXT = 3;

/**
 * The call a candidate name at `at` starts, from a window of tokens: back to a token start with enough tokens before
 * the name, forward until its arguments close (doubling the window while they run past it).
 */
function callAround(code: string, at: number, starts: readonly number[]): LuaCall | undefined {
  let back = starts.length - 1;
  let ahead = 256;
  for (;;) {
    const from = starts[Math.max(back, 0)] ?? 0;
    const to = Math.min(code.length, at + ahead);
    const tokens = lex(code, from, to);
    let index = 0;
    while (index < tokens.count && tokens.start(index) < at) index++;
    // The name is not a token start here (malformed code the whole-file lexer reads otherwise): nothing to read.
    if (index >= tokens.count || tokens.start(index) !== at) return undefined;
    if (index < CONTEXT && back > 0) {
      back--;
      continue;
    }
    const call = callAt(tokens, index, to === code.length);
    if (call !== OPEN) return call;
    ahead *= 2;
  }
}

/** Arguments that run past the tokens lexed so far. */
const OPEN = Symbol("open");

/** `whole`: the tokens run to the end of the file, where an unclosed call is read as far as it goes. */
function callAt(tokens: TokenStream, index: number, whole: boolean): LuaCall | typeof OPEN | undefined {
  if (tokens.is(index, "depends") && tokens.is(index - 1, ":") && isGlobal(tokens, index - 2, "module")) {
    const args = callArguments(tokens, index + 1, whole);
    return args === OPEN ? OPEN : args && { callee: "depends", args, at: tokens.start(index - 2) };
  }
  if (isGlobal(tokens, index, "require")) {
    const args = callArguments(tokens, index + 1, whole);
    return args === OPEN ? OPEN : args && { callee: "require", args, at: tokens.start(index) };
  }
  if (isGlobal(tokens, index, "pcall")) {
    const args = callArguments(tokens, index + 1, whole);
    if (args === OPEN) return OPEN;
    const [fn, name] = args ?? [];
    if (fn?.kind === "other" && fn.text === "require" && name) return { callee: "require", args: [name], at: tokens.start(index) };
  }
  return undefined;
}

/** A bare name, not a field (`x.module`, `lib:require`) and not a declaration (`function require`). */
function isGlobal(tokens: TokenStream, index: number, name: string): boolean {
  return tokens.type(index) === "name" && tokens.is(index, name) && !tokens.is(index - 1, ".") && !tokens.is(index - 1, ":") && !tokens.is(index - 1, "function");
}

/**
 * The arguments of a call whose arguments start at `start`: `f(a, b)`, `f"x"`, `f[[x]]`, `f{…}`; else undefined; OPEN
 * when they run past the tokens lexed (at the end of the file, an unclosed call reads as written).
 */
function callArguments(tokens: TokenStream, start: number, whole: boolean): LuaArgument[] | typeof OPEN | undefined {
  const type = tokens.type(start);
  if (type === undefined) return whole ? undefined : OPEN;
  if (type === "string") return [{ kind: "string", value: tokens.value(start) ?? "" }];
  if (tokens.is(start, "{")) {
    const close = matching(tokens, start);
    if (close >= tokens.count && !whole) return OPEN;
    return [{ kind: "other", text: tokens.code.slice(tokens.start(start), close < tokens.count ? tokens.end(close) : tokens.code.length) }];
  }
  if (!tokens.is(start, "(")) return undefined;
  // Each argument as the range of its tokens, [first, last].
  const groups: [number, number][] = [];
  let first = -1;
  const close = matching(tokens, start);
  if (close >= tokens.count && !whole) return OPEN;
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
