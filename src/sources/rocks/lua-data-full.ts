// The full Lua parser's reading of a data file that the small scanner (lua-data.ts) declined: loaded only then.
import luaparse from "luaparse";
import type { Expression, Statement } from "luaparse";
import type { LuaField, LuaValue } from "../../core/lua-data.js";

export function readLuaAssignmentsFully(text: string): Map<string, LuaValue> {
  const chunk = luaparse.parse(text, { luaVersion: "5.3", comments: false, locations: false, ranges: false });
  const out = new Map<string, LuaValue>();
  for (const statement of chunk.body as Statement[]) {
    if (statement.type !== "AssignmentStatement") continue;
    statement.variables.forEach((variable, at) => {
      const init = statement.init[at];
      if (variable.type !== "Identifier" || !init) return;
      if (out.get(variable.name)?.type !== "TableConstructorExpression") out.set(variable.name, toValue(init));
    });
  }
  return out;
}

function toValue(expression: Expression): LuaValue {
  if (expression.type === "StringLiteral") return { type: "StringLiteral", raw: expression.raw };
  if (expression.type !== "TableConstructorExpression") return { type: "Other" };
  const fields: LuaField[] = expression.fields.map((field) => {
    if (field.type === "TableKeyString") return { type: "TableKeyString", key: { name: field.key.name }, value: toValue(field.value) };
    if (field.type === "TableKey") return { type: "TableKey", key: toValue(field.key), value: toValue(field.value) };
    return { type: "TableValue", value: toValue(field.value) };
  });
  return { type: "TableConstructorExpression", fields };
}
