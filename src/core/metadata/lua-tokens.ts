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

const TYPES: readonly TokenType[] = ["name", "string", "number", "punct"];
const NAME = 0;
const STRING = 1;
const NUMBER = 2;
const PUNCT = 3;

/**
 * A file's tokens as three parallel arrays (type, start, end) instead of an object and a string per token: every Lua
 * file of the catalogue is lexed on a sync, and the objects were most of what it allocated. Values are read only
 * where the call finder looks.
 */
export class TokenStream {
  readonly count: number;
  constructor(
    readonly code: string,
    private readonly types: Uint8Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    count: number,
  ) {
    this.count = count;
  }

  type(index: number): TokenType | undefined {
    return index >= 0 && index < this.count ? TYPES[this.types[index] ?? 0] : undefined;
  }

  /** The cheap test the call finder makes of every token. */
  isName(index: number): boolean {
    return this.types[index] === NAME && index < this.count;
  }

  start(index: number): number {
    return this.starts[index] ?? 0;
  }

  end(index: number): number {
    return this.ends[index] ?? 0;
  }

  /** As `Token.value`: strings decoded, everything else as written; undefined past either end. */
  value(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const text = this.code.slice(this.start(index), this.end(index));
    return this.types[index] === STRING ? decodeLuaString(text) : text;
  }

  /** Whether the token's value is `text`, without copying it out unless it is a string literal. */
  is(index: number, text: string): boolean {
    if (index < 0 || index >= this.count) return false;
    if (this.types[index] === STRING) return this.value(index) === text;
    const start = this.start(index);
    return this.end(index) - start === text.length && this.code.startsWith(text, start);
  }
}

/** The tokens as objects: for tests and for reading them by eye. */
export function tokenize(source: string): Token[] {
  const stream = lex(source);
  const tokens: Token[] = [];
  for (let index = 0; index < stream.count; index++) {
    tokens.push({ type: stream.type(index) ?? "punct", value: stream.value(index) ?? "", start: stream.start(index), end: stream.end(index) });
  }
  return tokens;
}

/**
 * A Lua lexer that is only as exact as finding calls needs: comments and string contents can never look like code.
 * It never throws, so the file luaparse rejects (Lua 5.4 syntax, a typo) is still read. Written with char codes and a
 * table of character classes, not regular expressions, and without a closure over its arrays (which would keep them
 * and the count out of registers). `from` must be where a token starts (or 0); lexing stops at the first token
 * starting at or after `to`.
 */
export function lex(source: string, from = 0, to = source.length): TokenStream {
  const length = source.length;
  let { types, starts, ends } = scratch;
  let count = 0;
  let index = from === 0 && source.startsWith("#") ? lineEnd(source, 0) : from;
  while (index < to) {
    const code = source.charCodeAt(index);
    const kind = code < 128 ? CHAR_CLASS[code] : OTHER_CHAR;
    if (kind === SPACE_CHAR) {
      index++;
      continue;
    }
    const start = index;
    let type: number;
    if (kind === NAME_CHAR) {
      index++;
      while (index < length) {
        const next = source.charCodeAt(index);
        if (next >= 128 || (CHAR_CLASS[next] ?? 0) > DIGIT_CHAR) break;
        index++;
      }
      type = NAME;
    } else if (code === 45 /* - */ && source.charCodeAt(index + 1) === 45) {
      const level = longBracketLevel(source, index + 2);
      index = level >= 0 ? longBracketEnd(source, index + 2, level) : lineEnd(source, index);
      continue;
    } else if (code === 34 /* " */ || code === 39 /* ' */) {
      index = quotedEnd(source, index, code);
      type = STRING;
    } else if (code === 91 /* [ */ && longBracketLevel(source, index) >= 0) {
      index = longBracketEnd(source, index, longBracketLevel(source, index));
      type = STRING;
    } else if (kind === DIGIT_CHAR || (code === 46 /* . */ && isDigit(source.charCodeAt(index + 1)))) {
      index = numberEnd(source, index);
      type = NUMBER;
    } else {
      index += punctWidth(source, index, code);
      type = PUNCT;
    }
    if (count === types.length) {
      // A token takes at least one character, so there are never more tokens than characters.
      const capacity = Math.max(1024, Math.min(length, types.length * 2));
      types = grow(types, new Uint8Array(capacity));
      starts = grow(starts, new Int32Array(capacity));
      ends = grow(ends, new Int32Array(capacity));
      scratch = { types, starts, ends };
    }
    types[count] = type;
    starts[count] = start;
    ends[count] = index;
    count++;
  }
  return new TokenStream(source, types, starts, ends, count);
}

/** What each ASCII character can be the start of; the name characters sort below the rest, digits last among them. */
const NAME_CHAR = 1;
const DIGIT_CHAR = 2;
const SPACE_CHAR = 3;
const OTHER_CHAR = 4;
const CHAR_CLASS = new Uint8Array(128).fill(OTHER_CHAR);
for (let code = 0; code < 128; code++) {
  if (isNameStart(code)) CHAR_CLASS[code] = NAME_CHAR;
  else if (isDigit(code)) CHAR_CLASS[code] = DIGIT_CHAR;
  else if (code === 32 || (code >= 9 && code <= 13)) CHAR_CLASS[code] = SPACE_CHAR;
}

/**
 * The arrays every lex writes into, kept from one file to the next: thousands of files each allocating (and growing)
 * their own left the process's memory fragmented and larger. So a stream is only good until the next `lex`; the call
 * finder reads it at once, and `tokenize` copies it out.
 */
let scratch = { types: new Uint8Array(0), starts: new Int32Array(0), ends: new Int32Array(0) };

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** `...` is 3; `..`, `==`, `~=`, `<=`, `>=`, `<<`, `>>`, `//` and `::` are 2; anything else is 1. */
function punctWidth(source: string, index: number, code: number): number {
  const next = source.charCodeAt(index + 1);
  if (code === 46 /* . */ && next === 46) return source.charCodeAt(index + 2) === 46 ? 3 : 2;
  if (next === 61 /* = */ && (code === 61 || code === 126 /* ~ */ || code === 60 /* < */ || code === 62) /* > */) return 2;
  if (next === code && (code === 60 || code === 62 || code === 47 /* / */ || code === 58) /* : */) return 2;
  return 1;
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
export function longBracketLevel(source: string, index: number): number {
  if (source.charCodeAt(index) !== 91) return -1;
  let cursor = index + 1;
  while (source.charCodeAt(cursor) === 61 /* = */) cursor++;
  return source.charCodeAt(cursor) === 91 ? cursor - index - 1 : -1;
}

export function longBracketEnd(source: string, index: number, level: number): number {
  const close = `]${"=".repeat(level)}]`;
  const found = source.indexOf(close, index + level + 2);
  return found === -1 ? source.length : found + close.length;
}

export function lineEnd(source: string, index: number): number {
  const newline = source.indexOf("\n", index);
  return newline === -1 ? source.length : newline + 1;
}

/** The end of a quoted string; an unclosed one ends at the line break, as Lua's error would say. */
export function quotedEnd(source: string, index: number, quote: number): number {
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
