// Every error a user may see is made here, as a value with an exit code and a hint.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    readonly hint?: string,
    /** The system error behind it (ENOSPC, EACCES…) and the path it concerns, for `--json` readers. */
    readonly reason?: { code: string; path?: string },
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function usageError(message: string, hint?: string): UserError {
  return new UserError(message, EXIT_USAGE, hint);
}

export function failure(message: string, hint?: string): UserError {
  return new UserError(message, EXIT_FAILURE, hint);
}

export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError;
}

/** The message of anything thrown, for wrapping lower-level failures into one line. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

interface Cause {
  what: string;
  hint: string;
  /** How tools (hg, LuaRocks) spell the cause in their output, when they only print text. */
  text: RegExp;
}

/** What a system error means to an admin, and what to do about it; one place for every path-bearing errno. */
const CAUSES: Record<string, Cause> = {
  ENOSPC: { what: "no space left on the device", hint: "free some space on that file system (df -h shows which), then run the command again", text: /No space left on device/i },
  EDQUOT: { what: "disk quota exceeded", hint: "free some space or raise the quota, then run the command again", text: /Disk quota exceeded/i },
  EACCES: { what: "permission denied", hint: "run as a user who may write there (often root or prosody), or fix the permissions", text: /Permission denied/i },
  EPERM: { what: "operation not permitted", hint: "run as a user who may change it (often root), or check attributes such as chattr +i", text: /Operation not permitted/i },
  EROFS: { what: "the file system is read-only", hint: "remount it read-write or choose another directory", text: /Read-only file system/i },
  ENOENT: { what: "no such file or directory", hint: "check the path (and the options or config that named it)", text: /^$/ },
  ENOTDIR: { what: "a part of the path is not a directory", hint: "check the path (and the options or config that named it)", text: /Not a directory/i },
  EISDIR: { what: "is a directory, not a file", hint: "check the path (and the options or config that named it)", text: /Is a directory/i },
  ELOOP: { what: "too many symbolic links (or a link where none is allowed)", hint: "replace the link with the real file or directory", text: /Too many levels of symbolic links/i },
  EMFILE: { what: "too many open files", hint: "raise the limit (ulimit -n) and run the command again", text: /Too many open files/i },
  EIO: { what: "an input/output error", hint: "the disk or file system may be failing; check the system log", text: /Input\/output error/i },
  ENAMETOOLONG: { what: "the file name is too long", hint: "choose a shorter path", text: /File name too long/i },
  EBUSY: { what: "the file or device is busy", hint: "stop whatever uses it, then run the command again", text: /Device or resource busy/i },
  EEXIST: { what: "already exists (something is in the way)", hint: "move the file or directory out of the way, or choose another path", text: /File exists/i },
  EXDEV: { what: "the path crosses file systems where a rename cannot", hint: "keep the directory and its staging area on one file system", text: /Invalid cross-device link/i },
};

interface SystemErrorLike {
  code: string;
  path?: string;
  dest?: string;
  syscall?: string;
}

function isSystemError(value: unknown): value is SystemErrorLike {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string" && /^E[A-Z0-9]+$/.test((value as { code: string }).code);
}

/** A Node system error as one line naming the path and what went wrong, or undefined for anything else. */
export function fromSystemError(error: unknown): UserError | undefined {
  if (!isSystemError(error)) return undefined;
  const cause = CAUSES[error.code];
  const where = error.path ?? error.dest;
  const what = cause?.what ?? error.code;
  const message = where ? `${where}: ${what}${error.syscall ? ` (${error.syscall})` : ""}` : `${what}${error.syscall ? ` (${error.syscall})` : ""}`;
  return new UserError(message, EXIT_FAILURE, cause?.hint, { code: error.code, ...(where ? { path: where } : {}) });
}

/** A tool's error text (hg, LuaRocks print strerror, not codes) as the same line, or undefined when no cause is known. */
export function fromToolText(output: string, where: string | undefined): UserError | undefined {
  for (const cause of Object.values(CAUSES)) {
    if (cause.text.source === "^$" || !cause.text.test(output)) continue;
    const code = Object.keys(CAUSES).find((key) => CAUSES[key] === cause) ?? "EIO";
    return new UserError(where ? `${where}: ${cause.what}` : cause.what, EXIT_FAILURE, cause.hint, { code, ...(where ? { path: where } : {}) });
  }
  return undefined;
}

/** Any thrown value as the UserError a user sees; undefined only for a genuine bug. */
export function toUserError(error: unknown): UserError | undefined {
  if (isUserError(error)) return error;
  return fromSystemError(error);
}
