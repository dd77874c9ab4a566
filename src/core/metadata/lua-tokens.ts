import { decodeLuaString } from "../lua-string.js";

export type TokenType = "name" | "string" | "number" | "punct";

export interface Token {
  type: TokenType;
  /** Strings decoded; everything else as written. */
  value: string;
  /** Source offsets, end exclusive: a non-literal argument is reported as the source text it spans. */
  start: number;
  end: number;
}

const THREE_CHAR = new Set(["..."]);
const TWO_CHAR = new Set(["..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::"]);

/**
 * A Lua lexer that is only as exact as finding calls needs: comments and string contents can never look like code.
 * It never throws, so the file luaparse rejects (Lua 5.4 syntax, a typo) is still read. Written with char codes,
 * not regular expressions, because every module of the catalogue goes through it when luaparse cannot.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const length = source.length;
  let index = source.startsWith("#") ? lineEnd(source, 0) : 0;
  while (index < length) {
    const code = source.charCodeAt(index);
    if (code === 32 || (code >= 9 && code <= 13)) {
      index++;
      continue;
    }
    const start = index;
    if (code === 45 /* - */ && source.charCodeAt(index + 1) === 45) {
      const level = longBracketLevel(source, index + 2);
      index = level >= 0 ? longBracketEnd(source, index + 2, level) : lineEnd(source, index);
      continue;
    }
    if (code === 91 /* [ */) {
      const level = longBracketLevel(source, index);
      if (level >= 0) {
        index = longBracketEnd(source, index, level);
        tokens.push({ type: "string", value: decodeLuaString(source.slice(start, index)), start, end: index });
        continue;
      }
    }
    if (code === 34 /* " */ || code === 39 /* ' */) {
      index = quotedEnd(source, index, code);
      tokens.push({ type: "string", value: decodeLuaString(source.slice(start, index)), start, end: index });
      continue;
    }
    if (isNameStart(code)) {
      index++;
      while (index < length && isNamePart(source.charCodeAt(index))) index++;
      tokens.push({ type: "name", value: source.slice(start, index), start, end: index });
      continue;
    }
    if (isDigit(code) || (code === 46 /* . */ && isDigit(source.charCodeAt(index + 1)))) {
      index = numberEnd(source, index);
      tokens.push({ type: "number", value: source.slice(start, index), start, end: index });
      continue;
    }
    const width = THREE_CHAR.has(source.slice(index, index + 3)) ? 3 : TWO_CHAR.has(source.slice(index, index + 2)) ? 2 : 1;
    index += width;
    tokens.push({ type: "punct", value: source.slice(start, index), start, end: index });
  }
  return tokens;
}

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[[` → 0, `[==[` → 2, anything else → -1. */
function longBracketLevel(source: string, index: number): number {
  if (source.charCodeAt(index) !== 91) return -1;
  let cursor = index + 1;
  while (source.charCodeAt(cursor) === 61 /* = */) cursor++;
  return source.charCodeAt(cursor) === 91 ? cursor - index - 1 : -1;
}

function longBracketEnd(source: string, index: number, level: number): number {
  const close = `]${"=".repeat(level)}]`;
  const found = source.indexOf(close, index + level + 2);
  return found === -1 ? source.length : found + close.length;
}

function lineEnd(source: string, index: number): number {
  const newline = source.indexOf("\n", index);
  return newline === -1 ? source.length : newline + 1;
}

/** The end of a quoted string; an unclosed one ends at the line break, as Lua's error would say. */
function quotedEnd(source: string, index: number, quote: number): number {
  let cursor = index + 1;
  while (cursor < source.length) {
    const code = source.charCodeAt(cursor);
    if (code === 92 /* \ */) {
      cursor += 2;
      continue;
    }
    if (code === quote) return cursor + 1;
    if (code === 10) return cursor;
    cursor++;
  }
  return source.length;
}

/** Decimal and hex numbers with fractions and exponents (`0x1p4`, `1e-3`); being generous here is harmless. */
function numberEnd(source: string, index: number): number {
  let cursor = index;
  while (cursor < source.length) {
    const code = source.charCodeAt(cursor);
    const previous = source.charCodeAt(cursor - 1) | 32;
    const sign = (code === 43 || code === 45) && (previous === 101 /* e */ || previous === 112) /* p */;
    if (!(isNamePart(code) || code === 46 || sign)) break;
    // `1..x` is a number then the concatenation operator.
    if (code === 46 && source.charCodeAt(cursor + 1) === 46) break;
    cursor++;
  }
  return cursor;
}
