import luaparse from "luaparse";
import type { Expression, Statement } from "luaparse";
import { failure } from "../../core/errors.js";
import { type Assignment, type ConfigValue, GLOBAL_SCOPE, type ParsedConfigFile, type Range, type Scope } from "./model.js";

/** Parses one config file; a syntax error is a one-line UserError naming the file and line. Never evaluates it. */
export function parseConfigText(text: string, file: string): ParsedConfigFile {
  let chunk;
  try {
    chunk = luaparse.parse(text, { luaVersion: "5.3", ranges: true, locations: false, comments: false, scope: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /^\[(\d+):\d+\]/.exec(message)?.[1];
    throw failure(`${file}${line ? `:${line}` : ""}: the Prosody config has a syntax error: ${message.replace(/^\[\d+:\d+\]\s*/, "")}`, "fix the file; prosody-manager changed nothing");
  }
  const parsed: ParsedConfigFile = { file, text, assignments: [], scopes: [], includes: [], globalInsertAt: 0, firstSectionAt: undefined };
  let scope: Scope = GLOBAL_SCOPE;
  for (const statement of chunk.body as Statement[]) {
    const range = rangeOf(statement);
    const section = sectionHeader(statement);
    if (section) {
      scope = { ...section, headerEnd: range[1] };
      parsed.scopes.push(scope);
      parsed.firstSectionAt ??= range[0];
      continue;
    }
    const include = includeTarget(statement);
    if (include !== undefined) {
      parsed.includes.push(include);
      if (scope === GLOBAL_SCOPE && parsed.firstSectionAt === undefined) parsed.globalInsertAt = range[1];
      continue;
    }
    if (statement.type === "AssignmentStatement") {
      statement.variables.forEach((variable, index) => {
        const init = statement.init[index];
        if (variable.type !== "Identifier" || !init) return;
        parsed.assignments.push({ name: variable.name, value: valueOf(init, text), scope, range, valueRange: rangeOf(init) } satisfies Assignment);
      });
    }
    if (scope === GLOBAL_SCOPE) parsed.globalInsertAt = range[1];
  }
  return parsed;
}

function sectionHeader(statement: Statement): Omit<Scope, "headerEnd"> | undefined {
  if (statement.type !== "CallStatement") return undefined;
  const args = callChain(statement.expression);
  if (!args) return undefined;
  const [kind, ...strings] = args;
  if ((kind === "VirtualHost" || kind === "Component") && strings[0] !== undefined) {
    return { kind, name: strings[0], plugin: kind === "Component" ? strings[1] : undefined };
  }
  return undefined;
}

function includeTarget(statement: Statement): string | undefined {
  if (statement.type !== "CallStatement") return undefined;
  const args = callChain(statement.expression);
  return args?.[0] === "Include" || args?.[0] === "include" ? args[1] : undefined;
}

/** `Component "x" "muc"` → ["Component", "x", "muc"]; `VirtualHost("x")` → ["VirtualHost", "x"]. */
function callChain(expression: Expression): string[] | undefined {
  if (expression.type === "Identifier") return [expression.name];
  if (expression.type === "StringCallExpression") {
    const base = callChain(expression.base);
    return base && expression.argument.type === "StringLiteral" ? [...base, decodeString(expression.argument.raw)] : undefined;
  }
  if (expression.type === "CallExpression") {
    const base = callChain(expression.base);
    const strings = expression.arguments.filter((arg) => arg.type === "StringLiteral").map((arg) => decodeString(arg.raw));
    return base ? [...base, ...strings] : undefined;
  }
  return undefined;
}

function valueOf(expression: Expression, text: string): ConfigValue {
  switch (expression.type) {
    case "StringLiteral":
      return { kind: "string", value: decodeString(expression.raw) };
    case "NumericLiteral":
      return { kind: "number", value: expression.value };
    case "BooleanLiteral":
      return { kind: "boolean", value: expression.value };
    case "TableConstructorExpression": {
      const items = [];
      let other = 0;
      for (const field of expression.fields) {
        if (field.type === "TableValue" && field.value.type === "StringLiteral") items.push({ value: decodeString(field.value.raw), range: rangeOf(field.value) });
        else other++;
      }
      return { kind: "list", items, range: rangeOf(expression), other };
    }
    default: {
      const [start, end] = rangeOf(expression);
      return { kind: "expression", source: text.slice(start, end) };
    }
  }
}

/** luaparse adds `range` with `ranges: true`, but its type definitions do not declare it. */
function rangeOf(node: object): Range {
  const range: unknown = (node as { range?: unknown }).range;
  if (!Array.isArray(range) || typeof range[0] !== "number" || typeof range[1] !== "number") throw new Error("luaparse gave no range");
  return [range[0], range[1]];
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", "\n": "\n", a: "\u0007", b: "\b", f: "\f", v: "\v" };

/** The value of a Lua string literal from its source text (luaparse leaves `value` empty by default). */
export function decodeString(raw: string): string {
  const long = /^\[(=*)\[\n?([\s\S]*)\]\1\]$/.exec(raw);
  if (long) return long[2] ?? "";
  const body = raw.slice(1, -1);
  return body.replace(/\\(\d{1,3}|x[0-9a-fA-F]{2}|z\s*|.)/g, (_, escape: string) => {
    if (/^\d/.test(escape)) return String.fromCharCode(Number(escape));
    if (escape.startsWith("x")) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    if (escape.startsWith("z")) return "";
    return ESCAPES[escape] ?? escape;
  });
}
