// Lua string literals, read and written without evaluating anything. luaparse leaves `value` null unless told how to
// map bytes to JavaScript strings, so the literal's source text is decoded here.

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34, "'": 39, "\n": 10, "\r": 10 };

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8");

/**
 * The value of a Lua string literal given its source text (`"a\tb"`, `'x'`, `[==[...]==]`). Escapes produce bytes,
 * as in Lua, so `"\xC3\xA9"` is "é" once the bytes are read as UTF-8 like Prosody does.
 */
export function decodeLuaString(raw: string): string {
  const long = /^\[(=*)\[(?:\r\n|\n\r|\n|\r)?([\s\S]*)\]\1\]$/.exec(raw);
  if (long) return long[2] ?? "";
  const body = raw.slice(1, -1);
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index++) {
    const char = body[index] ?? "";
    if (char !== "\\") {
      const codePoint = body.codePointAt(index) ?? 0;
      if (codePoint > 0xffff) index++;
      bytes.push(...utf8.encode(String.fromCodePoint(codePoint)));
      continue;
    }
    index = readEscape(body, index + 1, bytes);
  }
  return fromUtf8.decode(Uint8Array.from(bytes));
}

/** Reads the escape after a backslash at `at`, pushing its bytes; answers the index of the escape's last character. */
function readEscape(body: string, at: number, bytes: number[]): number {
  const next = body[at] ?? "";
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) {
    // "\" followed by a CR LF pair is one line break in Lua.
    if ((next === "\r" && body[at + 1] === "\n") || (next === "\n" && body[at + 1] === "\r")) return at + 1;
    bytes.push(simple);
    return at;
  }
  if (next === "x") {
    bytes.push(Number.parseInt(body.slice(at + 1, at + 3), 16));
    return at + 2;
  }
  if (next === "z") {
    let end = at + 1;
    while (end < body.length && /\s/.test(body[end] ?? "")) end++;
    return end - 1;
  }
  if (next === "u") {
    const close = body.indexOf("}", at);
    bytes.push(...utf8.encode(String.fromCodePoint(Number.parseInt(body.slice(at + 2, close), 16))));
    return close;
  }
  const digits = /^\d{1,3}/.exec(body.slice(at))?.[0];
  if (digits) {
    bytes.push(Number(digits) & 0xff);
    return at + digits.length - 1;
  }
  // luaparse has already refused anything else; keep the character rather than guess.
  bytes.push(...utf8.encode(next));
  return at;
}

/** A double-quoted Lua literal for a value (paths, names, URLs), escaping only what Lua requires. */
export function luaString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\0]/g, (char) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\0": "\\0" })[char] ?? char);
  return `"${escaped}"`;
}
