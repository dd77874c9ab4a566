/**
 * The value a JSON text holds, or undefined when it is not JSON (undefined is no JSON value): for the files of our own
 * that a damaged or foreign copy must not break, each of which then checks the value's shape.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A parsed JSON (or YAML) object, not null or an array: the first check before reading a value's fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
