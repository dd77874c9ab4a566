// The shape of what `--json` prints; shared by use cases (which build results) and the CLI (which prints them).
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
