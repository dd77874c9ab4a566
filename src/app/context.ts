import { statusAware } from "./progress.js";

// Everything a command touches from the outside world arrives here, so tests can run commands in-process.

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface GlobalFlags {
  config: string | undefined;
  cacheDir: string | undefined;
  communityUrl: string | undefined;
  communityDir: string | undefined;
  rocksServer: string | undefined;
  installerPath: string | undefined;
  lockfile: string | undefined;
  /** How to run prosodyctl, as given (`runuser -u prosody -- prosodyctl`); split into argv where it is used. */
  prosodyctl?: string | undefined;
  json: boolean;
  dryRun: boolean;
  yes: boolean;
  quiet: boolean;
  color: boolean;
}

export interface Logger {
  /** Progress and notes for humans; silenced by --quiet. */
  info(message: string): void;
  /** Something the admin should know about; kept under --quiet. */
  warn(message: string): void;
  /** A failure the command reports but survives (one of several sources); same form as a fatal error. */
  error(message: string, hint?: string): void;
}

export interface Context {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): Date;
  flags: GlobalFlags;
  log: Logger;
  /** Whether this invocation holds its locks; absent: each session takes its own. */
  locks?: LockState;
}

/**
 * One invocation's hold on the locks. A change confirmed at a terminal is planned (dry run), shown, asked about and
 * then made by two runs of the command: sharing this keeps the locks held across both, so what was shown is what runs.
 */
export interface LockState {
  /** "all": a change's locks; "cache": a sync's, which changes nothing but the cache. */
  held: false | "all" | "cache";
}

export function makeLogger(terminal: OutputStream, flags: Pick<GlobalFlags, "quiet" | "color">): Logger {
  const stderr = statusAware(terminal);
  const paint = (code: string, text: string): string => (flags.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    info(message) {
      if (!flags.quiet) stderr.write(`${message}\n`);
    },
    warn(message) {
      stderr.write(`${paint("33", "warning:")} ${message}\n`);
    },
    error(message, hint) {
      stderr.write(`${paint("31", "prosody-manager:")} ${message}\n`);
      if (hint) stderr.write(`hint: ${hint}\n`);
    },
  };
}

/**
 * The environment a run's subprocesses get. `--prosodyctl` travels as PROSODY_MANAGER_PROSODYCTL, the variable every
 * prosodyctl call already reads (prosody/prosodyctl.ts), so a check deep inside a config edit honours the flag too.
 */
export function runEnvironment(env: NodeJS.ProcessEnv, flags: Pick<GlobalFlags, "prosodyctl">): NodeJS.ProcessEnv {
  return flags.prosodyctl ? { ...env, PROSODY_MANAGER_PROSODYCTL: flags.prosodyctl } : env;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(stream: OutputStream, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}
