import luaparse from "luaparse";
import type { Expression, Node } from "luaparse";
import type { LuaArgument, LuaCall } from "./lua-calls.js";
import { decodeLuaString } from "../lua-string.js";

// Lua 5.3's grammar reads what Prosody modules are written in (5.1 to 5.4); the one 5.4 addition, `<const>` and
// `<close>` local attributes, is blanked out for a second try, since it cannot change which calls a file makes.
const OPTIONS = { luaVersion: "5.3", ranges: true, comments: false, locations: false, scope: false, encodingMode: "none" } as const;
const ATTRIBUTE = /<\s*(const|close)\s*>/g;

/** The calls luaparse finds, or undefined when it cannot parse the file (then the token scan is used). */
export function callsFromSyntaxTree(code: string): LuaCall[] | undefined {
  const first = tryParse(code);
  if (first) return first;
  if (!/<\s*(const|close)\s*>/.test(code)) return undefined;
  return tryParse(code.replace(ATTRIBUTE, (attribute) => " ".repeat(attribute.length)));
}

function tryParse(code: string): LuaCall[] | undefined {
  const calls: LuaCall[] = [];
  try {
    luaparse.parse(code, { ...OPTIONS, onCreateNode: (node: Node) => collect(node, code, calls) });
  } catch {
    return undefined;
  }
  return calls.sort((a, b) => a.at - b.at);
}

function collect(node: Node, code: string, calls: LuaCall[]): void {
  let base: Expression;
  let args: Expression[];
  if (node.type === "CallExpression") [base, args] = [node.base, node.arguments];
  else if (node.type === "StringCallExpression") [base, args] = [node.base, [node.argument]];
  else if (node.type === "TableCallExpression") [base, args] = [node.base, [node.arguments]];
  else return;
  const at = rangeOf(node)[0];
  if (isModuleDepends(base)) {
    calls.push({ callee: "depends", args: args.map((arg) => argument(arg, code)), at });
  } else if (base.type === "Identifier" && base.name === "require") {
    calls.push({ callee: "require", args: args.map((arg) => argument(arg, code)), at });
  } else if (base.type === "Identifier" && base.name === "pcall" && args[0]?.type === "Identifier" && args[0].name === "require" && args[1]) {
    calls.push({ callee: "require", args: [argument(args[1], code)], at });
  }
}

function isModuleDepends(base: Expression): boolean {
  return (
    base.type === "MemberExpression" &&
    base.indexer === ":" &&
    base.identifier.name === "depends" &&
    base.base.type === "Identifier" &&
    base.base.name === "module"
  );
}

function argument(node: Expression, code: string): LuaArgument {
  if (node.type === "StringLiteral") return { kind: "string", value: decodeLuaString(node.raw) };
  if (node.type === "BooleanLiteral" && node.value) return { kind: "true" };
  return { kind: "other", text: code.slice(...rangeOf(node)) };
}

/** luaparse sets `range` when asked to; its type definitions do not declare it. */
function rangeOf(node: object): [number, number] {
  const range: unknown = (node as { range?: unknown }).range;
  if (Array.isArray(range) && typeof range[0] === "number" && typeof range[1] === "number") return [range[0], range[1]];
  return [0, 0];
}
