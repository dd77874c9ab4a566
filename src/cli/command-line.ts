// The command line of a run whose command is known, read without commander, which is a tenth of a read command's
// time to load and set up. It reads exactly what commander would for every line it accepts (test/unit/command-line
// .test.ts compares them), and accepts only lines where there is no doubt: anything else (--help, --version, an
// unknown or misplaced option, a missing value, too few or too many arguments, a pass-through command) answers
// undefined, and commander parses the line and says what is wrong in its own words.
import type { CommandInput, CommandSpec } from "./command.js";
import type { GlobalOptionSpec } from "./global-options.js";

export interface ParsedCommandLine {
  /** The root's options, keyed and valued as commander's `opts()` gives them. */
  rootOptions: Record<string, string | boolean>;
  input: CommandInput;
}

interface OptionShape {
  key: string;
  takesValue: boolean;
  /** `--no-x`: sets x to false; x is true when the option is not given. */
  negates: boolean;
  env?: string;
}

/** `--dry-run <x>` → dryRun, `--no-color` → color: the attribute name commander gives an option. */
function shapeOf(flags: string, env?: string): { names: string[]; shape: OptionShape } {
  const words = flags.split(/[ ,|]+/).filter((word) => word !== "");
  const names = words.filter((word) => word.startsWith("-"));
  const long = names.find((name) => name.startsWith("--")) ?? names[0] ?? "";
  const negates = long.startsWith("--no-");
  const bare = long.replace(/^--(no-)?/, "").replace(/^-/, "");
  const key = bare.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return { names, shape: { key, takesValue: words.some((word) => word.startsWith("<")), negates, env } };
}

const NEVER_HERE = new Set(["-h", "--help", "-V", "--version"]);

export function parseCommandLine(argv: readonly string[], spec: CommandSpec, globals: readonly GlobalOptionSpec[], env: NodeJS.ProcessEnv): ParsedCommandLine | undefined {
  // Optional values ([x]) and variadic options are commander's to read; none of ours has them.
  if (spec.passThrough || [...globals, ...spec.options].some((option) => /\[|\.\.\./.test(option.flags))) return undefined;
  const rootShapes = new Map<string, OptionShape>();
  const commandShapes = new Map<string, OptionShape>();
  for (const option of globals) {
    const { names, shape } = shapeOf(option.flags, option.env);
    for (const name of names) rootShapes.set(name, shape);
  }
  for (const option of spec.options) {
    const { names, shape } = shapeOf(option.flags);
    for (const name of names) commandShapes.set(name, shape);
  }

  const rootOptions: Record<string, string | boolean> = {};
  const options: Record<string, string | boolean> = {};
  for (const shape of rootShapes.values()) if (shape.negates) rootOptions[shape.key] = true;
  for (const shape of commandShapes.values()) if (shape.negates) options[shape.key] = true;
  const setByFlag = new Set<string>();
  const operands: string[] = [];
  let depth = 0;

  for (let at = 0; at < argv.length; at++) {
    const token = argv[at] ?? "";
    if (token === "--") {
      if (depth < spec.path.length) return undefined;
      operands.push(...argv.slice(at + 1));
      break;
    }
    if (token.length > 1 && token.startsWith("-")) {
      if (NEVER_HERE.has(token)) return undefined;
      const equals = token.startsWith("--") ? token.indexOf("=") : -1;
      const name = equals > 0 ? token.slice(0, equals) : token;
      // The root reads its options anywhere; a command's own only once the command is named.
      const root = rootShapes.get(name);
      const shape = root ?? (depth === spec.path.length ? commandShapes.get(name) : undefined);
      if (!shape) return undefined;
      const target = root ? rootOptions : options;
      if (equals > 0) {
        if (!shape.takesValue) return undefined;
        target[shape.key] = token.slice(equals + 1);
      } else if (shape.takesValue) {
        const value = argv[at + 1];
        // commander's root takes its own options out first, even one standing where a command option's value is.
        if (value === undefined || (!root && value.length > 1 && value.startsWith("-"))) return undefined;
        target[shape.key] = value;
        at++;
      } else {
        target[shape.key] = !shape.negates;
      }
      if (root) setByFlag.add(shape.key);
      continue;
    }
    if (depth < spec.path.length) {
      if (token !== spec.path[depth]) return undefined;
      depth++;
      continue;
    }
    operands.push(token);
  }
  if (depth < spec.path.length) return undefined;
  const required = spec.args.filter((argument) => argument.required).length;
  const variadic = spec.args.some((argument) => argument.variadic);
  if (operands.length < required || (!variadic && operands.length > spec.args.length)) return undefined;
  // As commander's .env(): a value option not given takes its variable's value, even an empty one.
  for (const shape of rootShapes.values()) {
    if (shape.env && shape.takesValue && !setByFlag.has(shape.key) && shape.env in env) rootOptions[shape.key] = env[shape.env] ?? "";
  }
  return { rootOptions, input: { args: operands, options } };
}
