// Front matter values arrive as whatever YAML made of them; these narrow them without trusting their shape.
import { isRecord } from "../json-shape.js";

export const isMapping = isRecord;

/** A string, or a number written where text was meant (`summary: 0.9`); empty means absent, as YAML's null does. */
export function optionalText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** A list of strings; a lone string counts as a list of one. Entries that are not text are reported. */
export function stringList(value: unknown, key: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    const text = optionalText(item);
    if (text !== undefined) out.push(text.trim());
    else if (item !== null) problems.push(`${key} has an entry that is not text; ignored`);
  }
  return out;
}
