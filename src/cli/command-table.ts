import type { CommandSpec } from "./command.js";

/**
 * A command by its path alone: a run imports only the command it names, and with it only the libraries that command
 * needs (a search never loads the config editor, the Lua parser or the YAML reader). esbuild keeps each import()
 * lazy in the bundle: a module's top level, and the libraries it requires, run only when its command is loaded.
 */
export interface CommandEntry {
  path: readonly string[];
  load(): Promise<CommandSpec>;
}

/** The commands one bundle can run (cli/commands/index.ts: all of them; cli/read-commands.ts: the read commands). */
export interface CommandTable {
  entries: readonly CommandEntry[];
  /** Every command of the table loaded, for what describes them all: help, completion, the man page. */
  loadAll(): Promise<CommandSpec[]>;
}

export function commandTable(entries: readonly CommandEntry[]): CommandTable {
  return { entries, loadAll: () => Promise.all(entries.map((entry) => entry.load())) };
}

/** The path as one word, as the launcher names a command's code cache: `module-rocks-list`. */
export function commandKey(path: readonly string[]): string {
  return path.join("-");
}
