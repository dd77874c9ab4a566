// Every error a user may see is made here, as a value with an exit code and a hint.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    readonly hint?: string,
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
