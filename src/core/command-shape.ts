// What completion scripts and the man page need to know about a command: the data half of a CommandSpec, so core can
// generate both without importing the CLI.

export interface ArgumentShape {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
}

export interface OptionShape {
  /** commander syntax: `--rev <rev>`, `--no-deps`, `-f, --force`. */
  flags: string;
  description: string;
  /** Environment variable read when the flag is absent (global options). */
  env?: string;
}

export interface CommandShape {
  path: readonly string[];
  summary: string;
  description?: string;
  args: readonly ArgumentShape[];
  options: readonly OptionShape[];
  examples: readonly string[];
  hidden?: boolean;
}

export interface ParsedFlags {
  /** Every spelling: `-f`, `--force`. */
  names: string[];
  long: string | undefined;
  /** The value's placeholder (`rev` of `--rev <rev>`), undefined for a switch. */
  placeholder: string | undefined;
}

export function parseFlags(flags: string): ParsedFlags {
  const names = flags.split(/[\s,|]+/).filter((part) => part.startsWith("-"));
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(flags)?.[1];
  return { names, long: names.find((name) => name.startsWith("--")), placeholder: placeholder?.replace(/\.\.\.$/, "") };
}

/** The groups (`module`, `module rocks`) and commands, each with its direct children, in definition order. */
export function commandPaths(commands: readonly CommandShape[]): Map<string, string[]> {
  const children = new Map<string, string[]>([["", []]]);
  for (const command of commands) {
    if (command.hidden) continue;
    for (let depth = 0; depth < command.path.length; depth++) {
      const parent = command.path.slice(0, depth).join(" ");
      const self = command.path.slice(0, depth + 1).join(" ");
      const list = children.get(parent) ?? [];
      const word = command.path[depth] ?? "";
      if (!list.includes(word)) list.push(word);
      children.set(parent, list);
      if (!children.has(self)) children.set(self, []);
    }
  }
  return children;
}
