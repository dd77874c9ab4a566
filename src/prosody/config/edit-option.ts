import { luaString } from "../../core/lua-string.js";
import type { ParsedConfigFile } from "./model.js";
import { globalInsertion, lastAssignment } from "./placement.js";
import { type ConfigEdit, spliceEdit, unchangedEdit } from "./splice.js";

/**
 * Sets a global string option. When the file assigns it already, only the value is replaced (its comment and
 * layout stay); otherwise a line is added to the global section. Idempotent.
 */
export function ensureGlobalOption(file: ParsedConfigFile, name: string, value: string): ConfigEdit {
  const literal = luaString(value);
  const existing = lastAssignment(file, name, { kind: "global" });
  if (existing?.value.kind === "string" && existing.value.value === value) return unchangedEdit(file, `${name} is already ${literal}`);
  if (existing) {
    return spliceEdit(file, [{ at: existing.valueRange[0], end: existing.valueRange[1], text: literal }], `set ${name} = ${literal}`);
  }
  return spliceEdit(file, [globalInsertion(file, `${name} = ${literal}`)], `add ${name} = ${literal}`);
}
