/** A parsed JSON (or YAML) object, not null or an array: the first check before reading a value's fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
