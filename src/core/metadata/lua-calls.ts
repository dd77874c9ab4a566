// The calls that tell what a module needs, as either reader (luaparse or the token scan) finds them.

export type LuaArgument =
  | { kind: "string"; value: string }
  | { kind: "true" }
  /** Anything else, as its source text: `name`, `"mod_" .. name`. */
  | { kind: "other"; text: string };

export interface LuaCall {
  /** `module:depends(…)`, or `require(…)` including `pcall(require, …)`. */
  callee: "depends" | "require";
  args: LuaArgument[];
  /** Source offset of the call, to keep calls in source order whichever reader found them. */
  at: number;
}
