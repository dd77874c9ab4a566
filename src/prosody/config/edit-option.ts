import { luaString } from "../../core/lua-string.js";
import { asConfig, effectiveSite, notEditable } from "./effective.js";
import type { ParsedConfigFile, ProsodyConfig } from "./model.js";
import { newAssignment } from "./placement.js";
import { type ConfigEdit, spliceEdit, unchangedEdit } from "./splice.js";

/**
 * Sets a global string option at the assignment Prosody uses (the last one it runs, in whichever file): only the
 * value is replaced (its comment and layout stay); without one, a line is added to the main file's global section.
 * A value that is not a string literal (a variable, a concatenation …) is refused with its file and line. Idempotent.
 */
export function ensureGlobalOption(target: ProsodyConfig | ParsedConfigFile, name: string, value: string): ConfigEdit {
  const config = asConfig(target);
  const literal = luaString(value);
  const site = effectiveSite(config, name, { kind: "global" });
  if (site) {
    if (site.assignment.value.kind !== "string") throw notEditable(site, { kind: "global" }, "a string");
    if (site.assignment.value.value === value) return unchangedEdit(site.file, `${name} is already ${literal}`);
    return spliceEdit(site.file, [{ at: site.assignment.valueRange[0], end: site.assignment.valueRange[1], text: literal }], `set ${name} = ${literal}`);
  }
  const { file, splice } = newAssignment(config, { kind: "global" }, `${name} = ${literal}`);
  return spliceEdit(file, [splice], `add ${name} = ${literal}`);
}
