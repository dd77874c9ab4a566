// Lua string literals, read and written without evaluating anything. luaparse leaves `value` null unless told how to
// map bytes to JavaScript strings, so the literal's source text is decoded here.

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34, "'": 39, "\n": 10, "\r": 10 };

// Made on first use: most runs decode no escape, and making a TextDecoder loads Node's encoding tables.
let utf8: TextEncoder | undefined;
let fromUtf8: TextDecoder | undefined;

/**
 * The value of a Lua string literal given its source text (`"a\tb"`, `'x'`, `[==[...]==]`). Escapes produce bytes,
 * as in Lua, so `"\xC3\xA9"` is "é" once the bytes are read as UTF-8 like Prosody does.
 */
export function decodeLuaString(raw: string): string {
  // Only a long string starts with "[": the others never pay for its pattern (nor for compiling it, in a short run).
  const long = raw.startsWith("[") ? /^\[(=*)\[(?:\r\n|\n\r|\n|\r)?([\s\S]*)\]\1\]$/.exec(raw) : null;
  if (long) return long[2] ?? "";
  const body = raw.slice(1, -1);
  // Most literals hold no escape: their value is their text. Only a lone surrogate would change on the way through
  // UTF-8 (it becomes U+FFFD), so any surrogate takes the byte path. Every string of every module passes here.
  if (!body.includes("\\") && !SURROGATE.test(body)) return body;
  const bytes: number[] = [];
  let plain = 0;
  for (let index = body.indexOf("\\"); index !== -1; index = body.indexOf("\\", index + 1)) {
    pushUtf8(bytes, body.slice(plain, index));
    index = readEscape(body, index + 1, bytes);
    plain = index + 1;
  }
  pushUtf8(bytes, body.slice(plain));
  fromUtf8 ??= new TextDecoder("utf-8");
  return fromUtf8.decode(Uint8Array.from(bytes));
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A run of text between escapes, as UTF-8 bytes (a lone surrogate becomes U+FFFD's, as TextEncoder makes it). */
function pushUtf8(bytes: number[], text: string): void {
  if (text === "") return;
  utf8 ??= new TextEncoder();
  for (const byte of utf8.encode(text)) bytes.push(byte);
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
  const unicode = next === "u" ? /^\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(at + 1, at + 10)) : null;
  if (unicode) {
    const codePoint = Number.parseInt(unicode[1] ?? "", 16);
    // Beyond Unicode (Lua allows it) there is no JavaScript string for it: keep the text, as for a bad escape.
    if (codePoint <= 0x10ffff) {
      pushUtf8(bytes, String.fromCodePoint(codePoint));
      return at + unicode[0].length;
    }
  }
  const digits = /^\d{1,3}/.exec(body.slice(at))?.[0];
  if (digits) {
    bytes.push(Number(digits) & 0xff);
    return at + digits.length - 1;
  }
  // luaparse has already refused anything else; keep the character rather than guess.
  pushUtf8(bytes, next);
  return at;
}

/** A double-quoted Lua literal for a value (paths, names, URLs), escaping only what Lua requires. */
export function luaString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\0]/g, (char) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\0": "\\0" })[char] ?? char);
  return `"${escaped}"`;
}
