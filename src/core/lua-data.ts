// Lua files that are data (LuaRocks manifests, rock_manifest files, plain rockspecs, the CFG_* lines of Prosody's
// launcher) are `name = <constructor>` statements. They are read here by a small scanner of that data grammar, which
// loads nothing; a file outside it (a rockspec computing a field with `..`, a `local`) is declined, for the full Lua
// parser (sources/rocks/lua-data.ts). Either way the file is parsed, never run.

/** The nodes read, named as luaparse names them, so both readers answer the same shapes. */
export type LuaValue = LuaTable | LuaString | LuaOther;

export interface LuaTable {
  type: "TableConstructorExpression";
  fields: LuaField[];
}

export interface LuaString {
  type: "StringLiteral";
  /** The literal as written, quotes included: core/lua-string.ts decodes it. */
  raw: string;
}

/** Numbers, booleans, nil, and (from the full parser) any expression: nothing the readers take a value from. */
export interface LuaOther {
  type: "Other";
}

export type LuaField =
  | { type: "TableKeyString"; key: { name: string }; value: LuaValue }
  | { type: "TableKey"; key: LuaValue; value: LuaValue }
  | { type: "TableValue"; value: LuaValue };

/** The top-level assignments of a data file, by name: the first table assigned to a name, as the readers always took. */
export type LuaAssignments = ReadonlyMap<string, LuaValue>;

class NotData extends Error {}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]*(?:\.[0-9a-fA-F]*)?(?:[pP][+-]?\d+)?|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/y;
const LONG_OPEN = /\[(=*)\[/y;
const KEYWORDS = new Set(["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"]);

/**
 * The data grammar's reading of `text`, or undefined when the file is anything more than data. Tables nested deeper
 * than `keptDepth` (a top-level assignment's table is at depth 1) are still read through, so the file must be data
 * all the way, but answered as `Other`: a reader that never looks there keeps none of it in memory, which for a rocks
 * server's manifest is most of the file (every version's list of archs).
 */
export function readDataAssignments(text: string, keptDepth = Number.POSITIVE_INFINITY): Map<string, LuaValue> | undefined {
  try {
    return new DataScanner(text, keptDepth).file();
  } catch (error) {
    if (error instanceof NotData) return undefined;
    throw error;
  }
}

class DataScanner {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly keptDepth: number,
  ) {
    // A first line starting with # is skipped by Lua itself.
    if (text.startsWith("#")) {
      const newline = text.indexOf("\n");
      this.at = newline === -1 ? text.length : newline;
    }
  }

  file(): Map<string, LuaValue> {
    const out = new Map<string, LuaValue>();
    for (this.space(); this.at < this.text.length; this.space()) {
      if (this.take(";")) continue;
      const name = this.identifier();
      this.space();
      this.expect("=");
      const value = this.value();
      // The first table assigned to a name is the one read, as the readers always took it.
      if (out.get(name)?.type !== "TableConstructorExpression") out.set(name, value);
    }
    return out;
  }

  private value(): LuaValue {
    this.space();
    const char = this.text[this.at];
    if (char === "{") return this.table();
    if (char === '"' || char === "'") return { type: "StringLiteral", raw: this.shortString(char) };
    if (char === "[") return { type: "StringLiteral", raw: this.longBracket() };
    if (char === "-" && this.text[this.at + 1] !== "-") {
      this.at++;
      this.number();
      return { type: "Other" };
    }
    if (char !== undefined && /[0-9.]/.test(char)) {
      this.number();
      return { type: "Other" };
    }
    const word = this.identifier(true);
    if (word === "true" || word === "false" || word === "nil") return { type: "Other" };
    throw new NotData();
  }

  private table(): LuaTable | LuaOther {
    this.at++;
    this.depth++;
    const fields: LuaField[] | undefined = this.depth <= this.keptDepth ? [] : undefined;
    for (;;) {
      this.space();
      if (this.take("}")) break;
      const field = this.field();
      fields?.push(field);
      this.space();
      if (this.take("}")) break;
      if (!this.take(",") && !this.take(";")) throw new NotData();
    }
    this.depth--;
    return fields ? { type: "TableConstructorExpression", fields } : { type: "Other" };
  }

  private field(): LuaField {
    const char = this.text[this.at];
    if (char === "[" && !this.atLongBracket()) {
      this.at++;
      const key = this.value();
      this.space();
      this.expect("]");
      this.space();
      this.expect("=");
      return { type: "TableKey", key, value: this.value() };
    }
    IDENTIFIER.lastIndex = this.at;
    const match = IDENTIFIER.exec(this.text);
    if (match && !KEYWORDS.has(match[0])) {
      let after = this.at + match[0].length;
      while (/[ \t\r\n]/.test(this.text[after] ?? "")) after++;
      if (this.text[after] === "=" && this.text[after + 1] !== "=") {
        this.at = after + 1;
        return { type: "TableKeyString", key: { name: match[0] }, value: this.value() };
      }
    }
    return { type: "TableValue", value: this.value() };
  }

  private atLongBracket(): boolean {
    LONG_OPEN.lastIndex = this.at;
    return LONG_OPEN.test(this.text);
  }

  private shortString(quote: string): string {
    const start = this.at;
    for (let index = start + 1; index < this.text.length; index++) {
      const char = this.text[index];
      if (char === "\\") index++;
      else if (char === quote) {
        this.at = index + 1;
        return this.text.slice(start, this.at);
      } else if (char === "\n" || char === "\r") break;
    }
    throw new NotData();
  }

  private longBracket(): string {
    LONG_OPEN.lastIndex = this.at;
    const open = LONG_OPEN.exec(this.text);
    if (!open) throw new NotData();
    const close = this.text.indexOf(`]${open[1] ?? ""}]`, this.at + open[0].length);
    if (close === -1) throw new NotData();
    const start = this.at;
    this.at = close + (open[1] ?? "").length + 2;
    return this.text.slice(start, this.at);
  }

  private number(): void {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === "" || match[0] === ".") throw new NotData();
    this.at += match[0].length;
    // `1..x` or `2a` is not a number on its own: leave it to the full parser.
    if (/[A-Za-z0-9_.]/.test(this.text[this.at] ?? "")) throw new NotData();
  }

  private identifier(keywordAllowed = false): string {
    IDENTIFIER.lastIndex = this.at;
    const match = IDENTIFIER.exec(this.text);
    if (!match || (!keywordAllowed && KEYWORDS.has(match[0]))) throw new NotData();
    this.at += match[0].length;
    return match[0];
  }

  /** Whitespace and comments. */
  private space(): void {
    for (;;) {
      const char = this.text[this.at];
      if (char === " " || char === "\t" || char === "\n" || char === "\r" || char === "\f" || char === "\v") this.at++;
      else if (char === "-" && this.text[this.at + 1] === "-") {
        this.at += 2;
        if (this.atLongBracket()) this.longBracket();
        else {
          const end = this.text.indexOf("\n", this.at);
          this.at = end === -1 ? this.text.length : end + 1;
        }
      } else return;
    }
  }

  private take(token: string): boolean {
    if (this.text[this.at] !== token) return false;
    this.at++;
    return true;
  }

  private expect(token: string): void {
    if (!this.take(token)) throw new NotData();
  }
}
