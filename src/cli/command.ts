import type { Context } from "../app/context.js";
import type { JsonObject } from "../core/json.js";
import type { ChangePreview } from "../core/model/confirmation.js";

export type { JsonObject, JsonValue } from "../core/json.js";

export interface ArgumentSpec {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
}

export interface OptionSpec {
  /** commander syntax: `--rev <rev>`, `--no-deps`, `-f, --force`. */
  flags: string;
  description: string;
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface CommandInput {
  args: string[];
  options: OptionValues;
}

export interface CommandResult {
  /** What `--json` prints: one document, or what makes it when it is asked for (a search of hundreds of rows). */
  json: JsonObject | (() => JsonObject);
  /** What a human sees on stdout; may be empty when everything was said on stderr. */
  text: string;
  /** Non-zero for results that are not errors but must not look like success (doctor with failures). */
  exitCode?: number;
  /**
   * What the change does (or would do, on a dry run), for the "ask first" rule; set by every command that declares
   * `asksFirst`. Left out by such a command, the change is treated as one to confirm.
   */
  preview?: ChangePreview;
}

/** A command is data plus a handler: parsing and --help come from the data, rendering from the result. */
export interface CommandSpec {
  path: readonly string[];
  summary: string;
  description?: string;
  args: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  examples: readonly string[];
  /** Commands that pass their arguments through to another program untouched. */
  passThrough?: boolean;
  /** Left out of --help, completion and the man page: plumbing for the completion scripts and packaging. */
  hidden?: boolean;
  /**
   * Changes the server: on a terminal the plan is shown and confirmed before the config is edited or files are
   * replaced or deleted (cli/confirm-flow.ts). A function when some options make the run change nothing.
   */
  asksFirst?: boolean | ((input: CommandInput) => boolean);
  run(ctx: Context, input: CommandInput): Promise<CommandResult>;
}

export function arg(name: string, description: string, shape: "required" | "optional" | "variadic" | "optional-variadic" = "required"): ArgumentSpec {
  return {
    name,
    description,
    required: shape === "required" || shape === "variadic",
    variadic: shape === "variadic" || shape === "optional-variadic",
  };
}

export function stringOption(options: OptionValues, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" ? value : undefined;
}

export function flagOption(options: OptionValues, key: string): boolean {
  return options[key] === true;
}
