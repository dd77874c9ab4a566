import { type CommandShape, type OptionShape, commandPaths, parseFlags } from "./command-shape.js";
import { STAGES } from "./types.js";

/** Where the candidates for a value come from. `dynamic` ones are asked of `prosody-manager __complete <source>`. */
export type ValueKind =
  | { kind: "none" }
  | { kind: "choices"; values: string[] }
  | { kind: "file" }
  | { kind: "dir" }
  | { kind: "dynamic"; source: DynamicSource };

export const DYNAMIC_SOURCES = ["modules", "installed", "installed-community", "installed-rocks", "hosts", "components"] as const;
export type DynamicSource = (typeof DYNAMIC_SOURCES)[number];

export interface CompletionOption {
  names: string[];
  description: string;
  /** Undefined for a switch. */
  value: ValueKind | undefined;
}

export interface CompletionNode {
  /** `module rocks install`; "" for the top. */
  path: string;
  children: { name: string; summary: string }[];
  /** The command's own options; global ones are in the model's `globals`. */
  options: CompletionOption[];
  /** One kind a positional argument; the last repeats when it is variadic. */
  args: ValueKind[];
  variadic: boolean;
}

export interface CompletionModel {
  nodes: CompletionNode[];
  globals: CompletionOption[];
}

// Commands whose module argument names something already installed, and from which source.
const INSTALLED_ARGUMENT: Record<string, DynamicSource> = {
  "module remove": "installed-community",
  "module rocks remove": "installed-rocks",
  "module update": "installed",
  "module changes": "installed",
  "module disable": "installed",
  "module pin": "installed-community",
  "module unpin": "installed-community",
  "module migrate": "installed",
};

const FIXED_VALUES: Record<string, string[]> = {
  stage: STAGES.map((stage) => stage.toLowerCase()),
  source: ["community", "rocks"],
  to: ["community", "rocks"],
  shell: ["bash", "zsh", "fish"],
};

export function optionValue(option: OptionShape): ValueKind | undefined {
  const flags = parseFlags(option.flags);
  if (flags.placeholder === undefined) return undefined;
  const long = flags.long?.replace(/^--/, "") ?? "";
  if (long === "host") return { kind: "dynamic", source: "hosts" };
  if (long === "component") return { kind: "dynamic", source: "components" };
  const fixed = FIXED_VALUES[long];
  if (fixed) return { kind: "choices", values: fixed };
  if (/^(dir|directory)$/.test(flags.placeholder) || /-dir$|-path$/.test(long)) return { kind: "dir" };
  if (/^(path|file)$/.test(flags.placeholder)) return { kind: "file" };
  return { kind: "none" };
}

function argumentValue(path: string, name: string): ValueKind {
  const fixed = FIXED_VALUES[name];
  if (fixed) return { kind: "choices", values: fixed };
  if (/module/.test(name)) return { kind: "dynamic", source: INSTALLED_ARGUMENT[path] ?? "modules" };
  if (/dir/.test(name)) return { kind: "dir" };
  return { kind: "none" };
}

function completionOption(option: OptionShape): CompletionOption {
  return { names: parseFlags(option.flags).names, description: option.description, value: optionValue(option) };
}

/** Every command path with its subcommands, options and what each argument completes to. */
export function completionModel(commands: readonly CommandShape[], globals: readonly OptionShape[], groups: Readonly<Record<string, string>> = {}): CompletionModel {
  const visible = commands.filter((command) => !command.hidden);
  const byPath = new Map(visible.map((command) => [command.path.join(" "), command]));
  const summaries = new Map<string, string>(Object.entries(groups));
  for (const command of visible) summaries.set(command.path.join(" "), command.summary);
  const nodes: CompletionNode[] = [];
  for (const [path, children] of commandPaths(visible)) {
    const command = byPath.get(path);
    nodes.push({
      path,
      children: children.map((name) => ({ name, summary: summaries.get(path === "" ? name : `${path} ${name}`) ?? "" })),
      options: (command?.options ?? []).map(completionOption),
      args: (command?.args ?? []).map((argument) => argumentValue(path, argument.name)),
      variadic: command?.args[command.args.length - 1]?.variadic ?? false,
    });
  }
  return { nodes, globals: [...globals.map(completionOption), { names: ["-h", "--help"], description: "show help", value: undefined }] };
}
