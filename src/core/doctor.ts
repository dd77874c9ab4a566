// The doctor's findings as data: each check says ok, warn or fail, what it saw, and what to do.

export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  id: string;
  status: CheckStatus;
  detail: string;
  hint: string | undefined;
}

export const SYMBOL: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };

export function ok(id: string, detail: string): CheckResult {
  return { id, status: "ok", detail, hint: undefined };
}

export function warn(id: string, detail: string, hint?: string): CheckResult {
  return { id, status: "warn", detail, hint };
}

export function fail(id: string, detail: string, hint?: string): CheckResult {
  return { id, status: "fail", detail, hint };
}

/** Which copy Prosody loads when a module is in several directories: the first in its search order. */
export function describeShadowing(name: string, dirs: readonly string[]): string {
  return `${name} is in ${dirs.length} places; Prosody loads ${dirs[0]} and ignores ${dirs.slice(1).join(", ")}`;
}
