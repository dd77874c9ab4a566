import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { usageError } from "../core/errors.js";
import { type ExecResult, run, runInherited } from "../system/exec.js";
import { luaString } from "../core/lua-string.js";

// prosodyctl as Prosody 0.12 has it. Everything goes through argv; `--config` is the only global option it reads
// before the command, and a relative one is tried against the working directory, then /etc/prosody.

export interface ProsodyctlOptions {
  /** Passed as `--config`; without it prosodyctl reads PROSODY_CONFIG, then /etc/prosody/prosody.cfg.lua. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How to run prosodyctl (`docker exec prosody prosodyctl`); else PROSODY_MANAGER_PROSODYCTL in `env`, else prosodyctl. */
  command?: readonly string[];
}

/** The environment variable (and, through the CLI, the `--prosodyctl` flag) that says how to run prosodyctl. */
export const PROSODYCTL_ENV = "PROSODY_MANAGER_PROSODYCTL";

/** "runuser -u prosody -- prosodyctl" → argv. Split on whitespace, never given to a shell. */
export function splitCommand(value: string | undefined): string[] | undefined {
  const words = (value ?? "").trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : undefined;
}

/**
 * The argv prefix every prosodyctl call starts with. Prosody in a container or run as another user is reached the
 * same way for check config, shell, about and the pass-through, so there is only this one place that decides.
 */
export function prosodyctlCommand(options: Pick<ProsodyctlOptions, "command" | "env"> = {}): [string, ...string[]] {
  const [program, ...rest] = options.command && options.command.length > 0 ? options.command : (splitCommand((options.env ?? process.env)[PROSODYCTL_ENV]) ?? ["prosodyctl"]);
  return [program ?? "prosodyctl", ...rest];
}

/** Whether the program that runs prosodyctl (prosodyctl itself, runuser, docker …) is there to run. */
export async function prosodyctlAvailable(options: Pick<ProsodyctlOptions, "command" | "env"> = {}): Promise<boolean> {
  const [program] = prosodyctlCommand(options);
  return program.includes("/") ? isExecutable(program) : executableOnPath(program, options.env ?? process.env) !== undefined;
}

const found = new Map<string, string | undefined>();

/**
 * The prosodyctl on PATH, or undefined when Prosody is not installed (prosody-manager still works without it). Looked
 * up once per PATH in a run: the paths, the Lua version and the Prosody version all start from it.
 */
export function prosodyctlOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.PATH ?? "";
  if (!found.has(key)) found.set(key, executableOnPath("prosodyctl", env));
  return found.get(key);
}

/**
 * The first PATH entry holding `program` as an executable. One access(2) per entry, made synchronously: a thread-pool
 * round trip each would cost more than the call.
 */
export function executableOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

// Most PATH entries do not hold the program: a stat that answers "absent" without an error comes first, since a
// thrown error costs far more than the call.
function isExecutable(file: string): boolean {
  try {
    if (statSync(file, { throwIfNoEntry: false }) === undefined) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function prosodyctlArgs(configPath: string | undefined, args: readonly string[]): string[] {
  return [...(configPath ? ["--config", configPath] : []), ...args];
}

/** Runs prosodyctl and collects its output; a non-zero exit is returned, not thrown. */
export function runProsodyctl(args: readonly string[], options: ProsodyctlOptions = {}): Promise<ExecResult> {
  const [program, ...prefix] = prosodyctlCommand(options);
  return run(program, [...prefix, ...prosodyctlArgs(options.configPath, args)], { env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? 60_000 });
}

/** `prosody-manager prosodyctl <args…>`: prosodyctl on the terminal, arguments untouched; answers its exit code. */
export function prosodyctlPassthrough(args: readonly string[], options: ProsodyctlOptions = {}): Promise<number> {
  const [program, ...prefix] = prosodyctlCommand(options);
  return runInherited(program, [...prefix, ...prosodyctlArgs(options.configPath, args)], { env: options.env ?? process.env });
}

/**
 * Lines prosodyctl prints that are not its answer: log lines it writes to stdout before the command runs, such as
 * certmanager's "Error indexing certificate directory" on a config whose certs/ is missing.
 */
export function isLogLine(line: string): boolean {
  return /^\S+\s+(debug|info|warn|error)\t/.test(line);
}

export interface ReloadOutcome {
  /** Prosody reopened its logs and reread the config (it does not load or unload modules on that). */
  reloaded: boolean;
  message: string;
}

/** `prosodyctl reload`: SIGHUP to the pidfile's process. Exit 1 and "Prosody is not running" when it is not. */
export async function reloadProsody(options: ProsodyctlOptions = {}): Promise<ReloadOutcome> {
  const result = await runProsodyctl(["reload"], options);
  const lines = meaningfulLines(`${result.stdout}\n${result.stderr}`).filter((line) => !/^(WARNING: Use of prosodyctl|if Prosody is managed|e\.g\. systemctl)/.test(line));
  return { reloaded: result.code === 0, message: lines[lines.length - 1] ?? (result.code === 0 ? "reloaded" : `prosodyctl reload exited with ${result.code}`) };
}

export type ShellStatus = "ok" | "failed" | "unreachable";

export interface ShellOutcome {
  status: ShellStatus;
  /** The console's result line ("OK: Module loaded onto 1 host") or the error it gave. */
  message: string;
  /** Everything the console printed for the command, log lines left out. */
  output: string[];
}

/**
 * Runs one admin console command on the running server: `prosodyctl shell -- <command>`. In that form prosodyctl
 * exits with the number of errors the console reported (0 when all went well), and with 1 after
 * "** Unable to connect to server" when nothing listens on the admin socket. The socket is the config's
 * `admin_socket` (relative to the data directory; default `prosody.sock` there), or `socket` here. Piping commands
 * into `prosodyctl shell` instead also works but always exits 0, so errors could not be told apart.
 */
export async function runShell(command: string, options: ProsodyctlOptions & { socket?: string } = {}): Promise<ShellOutcome> {
  const args = ["shell", ...(options.socket ? [`--socket=${options.socket}`] : []), "--", command];
  const result = await runProsodyctl(args, options);
  const output = meaningfulLines(result.stdout);
  const errors = meaningfulLines(result.stderr);
  if (output.some((line) => line.startsWith("** Unable to connect"))) {
    const reason = output.find((line) => line.startsWith("** Connection error:"))?.replace(/^\*\* /, "") ?? "nothing answered on the admin socket";
    return { status: "unreachable", message: `no running Prosody answered (${reason})`, output };
  }
  if (result.code === 0) return { status: "ok", message: output.filter((line) => /^OK\b/.test(line)).pop() ?? output[output.length - 1] ?? "OK", output };
  return { status: "failed", message: prosodyError(errors) ?? prosodyError(output) ?? `prosodyctl shell exited with ${result.code}`, output: [...output, ...errors] };
}

/**
 * Prosody's own error out of the console's answer: the line before a Lua stack traceback (the traceback's last frame
 * says nothing of the cause), without the console's "Error: Last error:" prefix.
 */
export function prosodyError(lines: readonly string[]): string | undefined {
  const stated = lines.find((line) => /^Error:/.test(line));
  if (stated) return stated.replace(/^Error:\s*(Last error:\s*)?/, "");
  const traceback = lines.findIndex((line) => line === "stack traceback:");
  const before = (traceback >= 0 ? lines.slice(0, traceback) : lines).filter((line) => line !== "");
  const last = before[before.length - 1];
  return last?.replace(/^Error:\s*(Last error:\s*)?/, "");
}

export type ModuleAction = "load" | "unload" | "reload";

/**
 * The console command for a module on one host, or with no host on every VirtualHost (how mod_admin_shell reads a
 * missing host: components are left out, like they are from the global modules_enabled).
 */
export function moduleCommand(action: ModuleAction, module: string, host?: string): string {
  const name = module.replace(/^mod_/, "");
  if (!/^[a-z0-9_]+$/.test(name)) throw usageError(`invalid module name '${module}'`);
  return `module:${action}(${luaString(name)}${host === undefined ? "" : `, ${luaString(host)}`})`;
}

/** Loads, unloads or reloads a module on the running server through its admin socket. */
export function moduleOnServer(action: ModuleAction, module: string, host: string | undefined, options: ProsodyctlOptions & { socket?: string } = {}): Promise<ShellOutcome> {
  return runShell(moduleCommand(action, module, host), options);
}

function meaningfulLines(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "" && !isLogLine(line))
    .map((line) => line.trim());
}
