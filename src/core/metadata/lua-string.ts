const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "\n": "\n",
};

/** The value of a Lua string literal as written in source: `"a\"b"`, `'x'`, `[[...]]`, `[==[...]==]`. */
export function decodeLuaString(raw: string): string {
  const long = /^\[(=*)\[/.exec(raw);
  if (long) {
    const open = long[0].length;
    const close = raw.endsWith(`]${long[1] ?? ""}]`) ? raw.length - open : raw.length;
    // Lua drops a line break that directly follows the opening bracket.
    return raw.slice(open, close).replace(/^\r?\n/, "");
  }
  const quote = raw[0];
  const inner = raw.slice(1, raw.length > 1 && raw.endsWith(quote ?? "") ? -1 : undefined);
  let out = "";
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index] ?? "";
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = inner[index + 1] ?? "";
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      index++;
    } else if (next === "z") {
      index++;
      while (/\s/.test(inner[index + 1] ?? "")) index++;
    } else if (next === "x") {
      out += String.fromCharCode(Number.parseInt(inner.slice(index + 2, index + 4), 16) || 0);
      index += 3;
    } else if (next === "u") {
      const braces = /^\{([0-9a-fA-F]+)\}/.exec(inner.slice(index + 2));
      if (braces) {
        out += String.fromCodePoint(Math.min(Number.parseInt(braces[1] ?? "0", 16), 0x10ffff));
        index += 1 + braces[0].length;
      } else {
        index++;
      }
    } else if (/[0-9]/.test(next)) {
      const digits = /^[0-9]{1,3}/.exec(inner.slice(index + 1))?.[0] ?? "0";
      out += String.fromCharCode(Number(digits) & 0xff);
      index += digits.length;
    } else {
      out += next;
      index++;
    }
  }
  return out;
}
