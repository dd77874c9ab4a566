import type { Account } from "./accounts.js";
import { run } from "./exec.js";

export type AccessKind = "read-dir" | "read-file" | "traverse";

const TEST_ARGS: Record<AccessKind, (file: string) => string[]> = {
  "read-dir": (file) => ["-r", file, "-a", "-x", file],
  "read-file": (file) => ["-r", file],
  traverse: (file) => ["-x", file],
};

/**
 * Whether the kernel lets `account` read (or pass through) `file`, asked by running test(1) as that user with
 * setpriv: mode bits miss ACLs, which grant or deny beyond them. Only root can ask; elsewhere, or without setpriv,
 * the answer is undefined and the caller keeps what the mode bits say.
 */
export async function accessibleAs(account: Account, file: string, kind: AccessKind, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const groups = [...new Set([account.gid, ...account.groups])].join(",");
  const args = [`--reuid=${account.uid}`, `--regid=${account.gid}`, `--groups=${groups}`, "--", "test", ...TEST_ARGS[kind](file)];
  const result = await run("setpriv", args, { env, timeoutMs: 10_000 }).catch(() => undefined);
  // test exits 0 or 1; anything else (setpriv missing or refusing) is no answer.
  return result && (result.code === 0 || result.code === 1) ? result.code === 0 : undefined;
}
