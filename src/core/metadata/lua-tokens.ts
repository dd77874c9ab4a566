export type TokenType = "name" | "string" | "number" | "punct";

export interface Token {
  type: TokenType;
  /** For strings: the decoded content; otherwise the source text. */
  value: string;
  /** Source text, kept to report non-literal arguments as written. */
  raw: string;
}

/**
 * A small Lua lexer: enough to find calls in code while ignoring comments and string contents. Tolerant by design:
 * it never throws, because one odd file must not stop a catalogue build.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const length = source.length;
  while (index < length) {
    const char = source[index] ?? "";
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (source.startsWith("--", index)) {
      const level = longBracketLevel(source, index + 2);
      if (level >= 0) index = skipLongBracket(source, index + 2, level).end;
      else index = lineEnd(source, index);
      continue;
    }
    if (char === "[") {
      const level = longBracketLevel(source, index);
      if (level >= 0) {
        const { end, content } = skipLongBracket(source, index, level);
        tokens.push({ type: "string", value: content.replace(/^\n/, ""), raw: source.slice(index, end) });
        index = end;
        continue;
      }
    }
    if (char === '"' || char === "'") {
      const { end, value } = quotedString(source, index, char);
      tokens.push({ type: "string", value, raw: source.slice(index, end) });
      index = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index, index + 256));
    if (name) {
      tokens.push({ type: "name", value: name[0], raw: name[0] });
      index += name[0].length;
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?|\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(source.slice(index, index + 64));
    if (number) {
      tokens.push({ type: "number", value: number[0], raw: number[0] });
      index += number[0].length;
      continue;
    }
    const punct = /^(\.\.\.|\.\.|==|~=|<=|>=|<<|>>|\/\/|::|.)/s.exec(source.slice(index, index + 3));
    const text = punct?.[0] ?? char;
    tokens.push({ type: "punct", value: text, raw: text });
    index += text.length;
  }
  return tokens;
}

/** `[[` → 0, `[==[` → 2, anything else → -1. */
function longBracketLevel(source: string, index: number): number {
  if (source[index] !== "[") return -1;
  let cursor = index + 1;
  while (source[cursor] === "=") cursor++;
  return source[cursor] === "[" ? cursor - index - 1 : -1;
}

function skipLongBracket(source: string, index: number, level: number): { end: number; content: string } {
  const close = `]${"=".repeat(level)}]`;
  const start = index + level + 2;
  const found = source.indexOf(close, start);
  const end = found === -1 ? source.length : found + close.length;
  return { end, content: source.slice(start, found === -1 ? source.length : found) };
}

function lineEnd(source: string, index: number): number {
  const newline = source.indexOf("\n", index);
  return newline === -1 ? source.length : newline + 1;
}

function quotedString(source: string, index: number, quote: string): { end: number; value: string } {
  let cursor = index + 1;
  let value = "";
  while (cursor < source.length) {
    const char = source[cursor] ?? "";
    if (char === "\\") {
      value += source[cursor + 1] ?? "";
      cursor += 2;
      continue;
    }
    if (char === quote || char === "\n") return { end: cursor + 1, value };
    value += char;
    cursor++;
  }
  return { end: cursor, value };
}
