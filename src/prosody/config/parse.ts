import luaparse from "luaparse";
import type { Expression, Statement, TableConstructorExpression } from "luaparse";
import { failure } from "../../core/errors.js";
import { decodeLuaString } from "../../core/lua-string.js";
import { type Assignment, type ConfigValue, GLOBAL_SCOPE, hostKey, type ParsedConfigFile, type Range, type Scope } from "./model.js";

// Prosody runs the config as Lua with VirtualHost/Component/Include as functions; this reads the same shapes
// statically. Prosody 0.12 on Debian runs Lua 5.4, whose only new syntax (local attributes) never appears in configs,
// so luaparse's 5.3 grammar reads them as Lua does.

// One edit parses the same text several times (settings, the plan, the check of each splice, the next step of a
// chain); on a megabyte config each parse costs a tenth of a second, so the last few results are kept.
const recent: ParsedConfigFile[] = [];
const RECENT_LIMIT = 8;

/**
 * Parses one config file; a syntax error is a one-line UserError naming the file and line. Never evaluates it.
 * The result is shared with later calls for the same file and text: treat it as read-only.
 */
export function parseConfigText(text: string, file: string): ParsedConfigFile {
  const known = recent.find((candidate) => candidate.file === file && candidate.text === text);
  if (known) return known;
  const parsed = parseFresh(text, file);
  recent.push(parsed);
  if (recent.length > RECENT_LIMIT) recent.shift();
  return parsed;
}

function parseFresh(text: string, file: string): ParsedConfigFile {
  const chunk = parseLua(text, file);
  const parsed: ParsedConfigFile = {
    file,
    text,
    assignments: [],
    scopes: [],
    includes: [],
    includeSites: [],
    statements: [],
    comments: (chunk.comments ?? []).map(rangeOf),
    globalInsertAt: 0,
    firstSectionAt: undefined,
  };
  let scope: Scope = GLOBAL_SCOPE;
  for (const statement of chunk.body) {
    const range = rangeOf(statement);
    const section = sectionOf(statement, text);
    if (section?.scope.kind === "global") {
      // `Host "*"` is Prosody's old spelling of the global section: configmanager's VirtualHost("*") makes "*" the
      // current host, and "*" is where global options live.
      parsed.statements.push({ range, scope: GLOBAL_SCOPE });
      if (parsed.firstSectionAt === undefined) parsed.globalInsertAt = range[1];
      if (section.options) parsed.assignments.push(...tableAssignments(section.options, GLOBAL_SCOPE, text));
      scope = GLOBAL_SCOPE;
      continue;
    }
    if (section) {
      parsed.scopes.push(section.scope);
      parsed.statements.push({ range, scope: section.scope });
      parsed.firstSectionAt ??= range[0];
      if (section.options) {
        parsed.assignments.push(...tableAssignments(section.options, section.scope, text));
        // `VirtualHost "x" { ... }` returns to the global section once the table is read.
        scope = GLOBAL_SCOPE;
      } else {
        scope = section.scope;
      }
      continue;
    }
    parsed.statements.push({ range, scope });
    if (scope === GLOBAL_SCOPE && parsed.firstSectionAt === undefined) parsed.globalInsertAt = range[1];
    const include = includeOf(statement);
    if (include) {
      parsed.includeSites.push({ pattern: include.pattern, range });
      if (include.pattern !== undefined) parsed.includes.push(include.pattern);
      continue;
    }
    if (statement.type === "AssignmentStatement") {
      statement.variables.forEach((variable, index) => {
        const init = statement.init[index];
        if (variable.type !== "Identifier" || !init) return;
        parsed.assignments.push({ name: variable.name, value: valueOf(init, text), scope, range, valueRange: rangeOf(init) });
      });
      continue;
    }
    for (const nested of nestedAssignments(statement)) {
      // Prosody runs these or not at run time (`if ENV_X then modules_enabled = {...} end`): what the option ends
      // up as cannot be read, so an edit of it is refused rather than made to an earlier assignment.
      parsed.assignments.push({
        name: nested.name,
        value: { kind: "expression", source: sourceOf(nested.statement, text), built: "it is assigned inside a block (if, loop, function) that Prosody may or may not run" },
        scope,
        range: rangeOf(nested.statement),
        valueRange: rangeOf(nested.statement),
      });
    }
  }
  return parsed;
}

/** Assignments to global names inside the blocks of a top-level statement (if, loops, do, function bodies). */
function nestedAssignments(statement: Statement): { name: string; statement: Statement }[] {
  const out: { name: string; statement: Statement }[] = [];
  const visit = (body: readonly Statement[]): void => {
    for (const inner of body) {
      if (inner.type === "AssignmentStatement") {
        for (const variable of inner.variables) if (variable.type === "Identifier") out.push({ name: variable.name, statement: inner });
      }
      for (const block of blocksOf(inner)) visit(block);
    }
  };
  for (const block of blocksOf(statement)) visit(block);
  return out;
}

function blocksOf(statement: Statement): Statement[][] {
  switch (statement.type) {
    case "IfStatement":
      return statement.clauses.map((clause) => clause.body);
    case "DoStatement":
    case "WhileStatement":
    case "RepeatStatement":
    case "ForNumericStatement":
    case "ForGenericStatement":
    case "FunctionDeclaration":
      return [statement.body];
    default:
      return [];
  }
}

function parseLua(text: string, file: string): luaparse.Chunk {
  try {
    return luaparse.parse(text, { luaVersion: "5.3", ranges: true, locations: true, comments: true, scope: false });
  } catch (error) {
    const line = lineOf(error);
    const message = (error instanceof Error ? error.message : String(error)).replace(/^\[\d+:\d+\]\s*/, "");
    throw failure(`${file}${line === undefined ? "" : `:${line}`}: the Prosody config has a syntax error: ${message}`, "fix the file; prosody-manager changed nothing");
  }
}

function lineOf(error: unknown): number | undefined {
  const line: unknown = typeof error === "object" && error !== null ? (error as { line?: unknown }).line : undefined;
  return typeof line === "number" ? line : undefined;
}

interface CallChain {
  callee: string;
  /** The argument list of each call: `Component "x" "muc" { }` is three calls. */
  calls: Expression[][];
}

function callChain(expression: Expression): CallChain | undefined {
  switch (expression.type) {
    case "Identifier":
      return { callee: expression.name, calls: [] };
    case "StringCallExpression":
    case "TableCallExpression":
    case "CallExpression": {
      const base = callChain(expression.base);
      if (!base) return undefined;
      const args = expression.type === "StringCallExpression" ? [expression.argument] : expression.type === "TableCallExpression" ? [expression.arguments] : expression.arguments;
      return { callee: base.callee, calls: [...base.calls, args] };
    }
    default:
      return undefined;
  }
}

const SECTION_KINDS: Record<string, "VirtualHost" | "Component"> = { VirtualHost: "VirtualHost", Host: "VirtualHost", host: "VirtualHost", Component: "Component", component: "Component" };

function sectionOf(statement: Statement, text: string): { scope: Scope; options: TableConstructorExpression | undefined } | undefined {
  if (statement.type !== "CallStatement") return undefined;
  const chain = callChain(statement.expression);
  const kind = chain ? SECTION_KINDS[chain.callee] : undefined;
  const nameExpression = chain?.calls[0]?.[0];
  if (!chain || !kind || !nameExpression) return undefined;
  const literalName = nameExpression.type === "StringLiteral";
  const name = literalName ? decodeLuaString(nameExpression.raw) : sourceOf(nameExpression, text);
  const rest = chain.calls.slice(1).map((args) => args[0]);
  const pluginExpression = kind === "Component" && rest[0]?.type === "StringLiteral" ? rest.shift() : undefined;
  const options = rest[0]?.type === "TableConstructorExpression" ? rest[0] : undefined;
  const range = rangeOf(statement);
  if (kind === "VirtualHost" && literalName && name === "*") return { scope: GLOBAL_SCOPE, options };
  return {
    scope: {
      kind,
      name: literalName ? hostKey(name) : name,
      plugin: pluginExpression?.type === "StringLiteral" ? decodeLuaString(pluginExpression.raw) : undefined,
      headerEnd: range[1],
      headerRange: range,
      form: options ? "table" : "statement",
      literalName,
      tableRange: options ? rangeOf(options) : undefined,
    },
    options,
  };
}

function includeOf(statement: Statement): { pattern: string | undefined } | undefined {
  if (statement.type !== "CallStatement") return undefined;
  const chain = callChain(statement.expression);
  if (chain?.callee !== "Include" && chain?.callee !== "include") return undefined;
  const target = chain.calls[0]?.[0];
  return { pattern: target?.type === "StringLiteral" ? decodeLuaString(target.raw) : undefined };
}

function tableAssignments(table: TableConstructorExpression, scope: Scope, text: string): Assignment[] {
  const out: Assignment[] = [];
  for (const field of table.fields) {
    const name = field.type === "TableKeyString" ? field.key.name : field.type === "TableKey" && field.key.type === "StringLiteral" ? decodeLuaString(field.key.raw) : undefined;
    if (name === undefined) continue;
    out.push({ name, value: valueOf(field.value, text), scope, range: rangeOf(field), valueRange: rangeOf(field.value) });
  }
  return out;
}

function valueOf(expression: Expression, text: string): ConfigValue {
  switch (expression.type) {
    case "StringLiteral":
      return { kind: "string", value: decodeLuaString(expression.raw) };
    case "NumericLiteral":
      return { kind: "number", value: expression.value };
    case "BooleanLiteral":
      return { kind: "boolean", value: expression.value };
    case "UnaryExpression":
      if (expression.operator === "-" && expression.argument.type === "NumericLiteral") return { kind: "number", value: -expression.argument.value };
      break;
    case "TableConstructorExpression":
      if (expression.fields.every((field) => field.type === "TableValue")) return listOf(expression);
      break;
    default:
      break;
  }
  return { kind: "expression", source: sourceOf(expression, text), built: builtBy(expression) };
}

/** How a value that is not a literal is made, for a message that says why it cannot be edited. */
function builtBy(expression: Expression): string {
  switch (expression.type) {
    case "CallExpression":
    case "StringCallExpression":
    case "TableCallExpression":
      return "it is the result of a function call";
    case "BinaryExpression":
      return expression.operator === ".." ? "it is built by concatenation (..)" : `it is computed (${expression.operator})`;
    case "LogicalExpression":
      return `it is chosen at run time (${expression.operator})`;
    case "Identifier":
    case "MemberExpression":
    case "IndexExpression":
      return "it is a variable";
    case "TableConstructorExpression":
      return "it is a table with keys, not a list";
    default:
      return `it is not a literal (${expression.type})`;
  }
}

function listOf(table: TableConstructorExpression): ConfigValue {
  const items = [];
  const fields: Range[] = [];
  let other = 0;
  for (const field of table.fields) {
    fields.push(rangeOf(field.value));
    if (field.value.type === "StringLiteral") items.push({ value: decodeLuaString(field.value.raw), range: rangeOf(field.value) });
    else other++;
  }
  return { kind: "list", items, range: rangeOf(table), fields, other };
}

function sourceOf(node: object, text: string): string {
  const [start, end] = rangeOf(node);
  return text.slice(start, end);
}

/** luaparse adds `range` with `ranges: true`, but its type definitions do not declare it. */
function rangeOf(node: object): Range {
  const range: unknown = (node as { range?: unknown }).range;
  if (!Array.isArray(range) || typeof range[0] !== "number" || typeof range[1] !== "number") throw new Error("luaparse gave no range");
  return [range[0], range[1]];
}
