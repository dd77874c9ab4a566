import { GLOBAL_VALUE_OPTIONS } from "./global-options.js";

/** What a run needs loaded, decided from the arguments alone, before commander or any command is imported. */
export type Route =
  | { kind: "version" }
  /** The index of the one command the arguments name. */
  | { kind: "command"; index: number }
  /** Help, a group without its command, a misspelt command: commander needs every command to answer. */
  | { kind: "all" };

/**
 * Reads the leading words of `argv` (global options and their values skipped) as a command path. `--version` before
 * the command is complete answers with nothing loaded; after it, the command's own parser decides.
 */
export function routeArguments(argv: readonly string[], paths: readonly (readonly string[])[]): Route {
  const words: string[] = [];
  for (let at = 0; at < argv.length; at++) {
    const token = argv[at] ?? "";
    if (token === "--") break;
    if (token.startsWith("-")) {
      if (token === "--version" || token === "-V") return { kind: "version" };
      if (token === "--help" || token === "-h") return { kind: "all" };
      if (GLOBAL_VALUE_OPTIONS.has(token)) at++;
      continue;
    }
    words.push(token);
    const index = paths.findIndex((path) => path.length === words.length && path.every((word, depth) => word === words[depth]));
    if (index >= 0) return { kind: "command", index };
    if (!paths.some((path) => words.every((word, depth) => path[depth] === word))) return { kind: "all" };
  }
  return { kind: "all" };
}
