// Running one command once its line is parsed, by commander or by the startup's own parser (cli/command-line.ts):
// the context, ask first, the rendering, and the one-line errors. Nothing here loads commander.
import { type Context, type GlobalFlags, type OutputStream, makeLogger, runEnvironment, wantsColor } from "../app/context.js";
import { EXIT_FAILURE, describe, toUserError } from "../core/errors.js";
import type { CommandInput, CommandSpec } from "./command.js";
import { runAskingFirst } from "./confirm-flow.js";
import { painter } from "./paint.js";
import type { InputStream } from "./prompt.js";
import { renderResult } from "./render.js";
import { phase } from "../core/phase-trace.js";

export interface CliIo {
  /** Read only to ask for a confirmation, and only when it and stdout are a terminal. */
  stdin?: InputStream;
  stdout: OutputStream & { columns?: number };
  stderr: OutputStream & { columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
}

/** Runs the command with the root's options (as commander names them) and answers its exit code; errors are thrown. */
export async function runCommand(spec: CommandSpec, io: CliIo, rootOptions: Record<string, unknown>, input: CommandInput): Promise<number> {
  const flags = globalFlags(rootOptions);
  flags.color = flags.color && wantsColor(io.stderr, io.env, false);
  const ctx: Context = {
    stdout: io.stdout,
    stderr: io.stderr,
    env: runEnvironment(io.env, flags),
    cwd: io.cwd,
    now: io.now ?? (() => new Date()),
    flags,
    log: makeLogger(io.stderr, flags),
  };
  phase("command line parsed");
  const result = await runAskingFirst(spec, ctx, input, () => io.stdin);
  phase("command ran");
  renderResult(ctx, result);
  phase("output written");
  return result.exitCode ?? 0;
}

export function writeJsonError(io: CliIo, error: Record<string, string | number | null>): void {
  io.stdout.write(`${JSON.stringify({ error })}\n`);
}

export function reportError(thrown: unknown, io: CliIo, json: boolean, noColor: boolean): number {
  const paint = painter(io.stderr, io.env, !noColor);
  // System errors (ENOSPC, EACCES, …) that no layer caught are still causes with a path, not bugs.
  const error = toUserError(thrown);
  if (error) {
    io.stderr.write(`${paint("red", "prosody-manager:")} ${oneLine(error.message)}\n`);
    if (error.hint) io.stderr.write(`hint: ${oneLine(error.hint)}\n`);
    if (json) writeJsonError(io, { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode, ...(error.reason ? { code: error.reason.code, path: error.reason.path ?? null } : {}) });
    return error.exitCode;
  }
  // An unexpected error is a bug, but the admin still gets one line; the stack only on request.
  const message = `internal error: ${oneLine(describe(thrown))}`;
  io.stderr.write(`${paint("red", "prosody-manager:")} ${message}\n`);
  if (io.env.PROSODY_MANAGER_DEBUG && thrown instanceof Error && thrown.stack) io.stderr.write(`${thrown.stack}\n`);
  if (json) writeJsonError(io, { message, hint: "this is a bug: run again with PROSODY_MANAGER_DEBUG=1 and report the output", exitCode: EXIT_FAILURE, code: "EINTERNAL" });
  return EXIT_FAILURE;
}

/** A message from a tool or the system may hold newlines; the user gets one line per message. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function globalFlags(options: Record<string, unknown>): GlobalFlags {
  const text = (key: string): string | undefined => {
    const value = options[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return {
    config: text("config"),
    cacheDir: text("cacheDir"),
    communityUrl: text("communityUrl"),
    communityDir: text("communityDir"),
    rocksServer: text("rocksServer"),
    installerPath: text("installerPath"),
    lockfile: text("lockfile"),
    prosodyctl: text("prosodyctl"),
    json: options.json === true,
    dryRun: options.dryRun === true,
    yes: options.yes === true,
    quiet: options.quiet === true,
    color: options.color !== false,
  };
}
