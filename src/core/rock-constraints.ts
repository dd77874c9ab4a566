// A rockspec dependency as LuaRocks reads it (`"mod_sasl2"`, `"lua >= 5.1, < 5.5"`, `"luasocket 3.0"`) and whether a
// version meets its constraints, so a plan can say which version LuaRocks would pick before LuaRocks runs.
import { compareParts, versionParts } from "./rock-version.js";

export type ConstraintOperator = "==" | "~=" | "<" | ">" | "<=" | ">=" | "~>";

export interface Constraint {
  op: ConstraintOperator;
  version: string;
}

export interface RockDependency {
  name: string;
  constraints: Constraint[];
  /** The constraints as written, for messages (`>= 2`); empty when any version will do. */
  text: string;
}

const NAME = /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(.*?)\s*$/;
const CONSTRAINT = /^(==|~=|<=|>=|<|>|~>)?\s*([0-9A-Za-z][0-9A-Za-z.]*(?:-[0-9]+)?)$/;

/** The rock a dependency names, as written (`"mod_x >= 2"` → `mod_x`); undefined when it names none. */
export function rockDependencyName(text: string): string | undefined {
  return NAME.exec(text)?.[1];
}

/** Undefined when the text is not a dependency LuaRocks would accept. */
export function parseRockDependency(text: string): RockDependency | undefined {
  const match = NAME.exec(text);
  if (!match) return undefined;
  const [, name = "", rest = ""] = match;
  const constraints: Constraint[] = [];
  for (const part of rest === "" ? [] : rest.split(",")) {
    const constraint = CONSTRAINT.exec(part.trim());
    if (!constraint) return undefined;
    // A bare version means exactly that version, as in LuaRocks.
    constraints.push({ op: (constraint[1] as ConstraintOperator | undefined) ?? "==", version: constraint[2] ?? "" });
  }
  return { name: name.toLowerCase(), constraints, text: constraints.map((item) => `${item.op} ${item.version}`).join(", ") };
}

type Parsed = ReturnType<typeof versionParts>;

/** LuaRocks' order for constraints: the revision counts only when both sides have one. */
function compare(a: Parsed, b: Parsed): number {
  return compareParts(a.parts, b.parts) || (a.revision !== undefined && b.revision !== undefined ? a.revision - b.revision : 0);
}

/** `~> 2.1` is LuaRocks' partial match: every part given must be equal (2.1, 2.1.7), the rest may be anything. */
function partialMatch(have: Parsed, want: Parsed): boolean {
  if (!want.parts.every((part, index) => (have.parts[index] ?? 0) === part)) return false;
  return want.revision === undefined || want.revision === have.revision;
}

export function satisfies(version: string, constraints: readonly Constraint[]): boolean {
  const have = versionParts(version);
  return constraints.every((constraint) => {
    const want = versionParts(constraint.version);
    const order = compare(have, want);
    switch (constraint.op) {
      case "==":
        return order === 0;
      case "~=":
        return order !== 0;
      case "<":
        return order < 0;
      case ">":
        return order > 0;
      case "<=":
        return order <= 0;
      case ">=":
        return order >= 0;
      case "~>":
        return partialMatch(have, want);
    }
  });
}
