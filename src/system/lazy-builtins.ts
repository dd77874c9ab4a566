// Node's child_process and crypto cost a run 2–5 ms each to load (with the stream and crypto internals they pull in):
// more than a read command spends on its own work, and most read commands start no process and hash nothing. So the
// modules that need them load them on first use, not when they are imported.
import { requireBuiltin } from "./builtin-require.js";

let childProcess: Promise<typeof import("node:child_process")> | undefined;
let crypto: Promise<typeof import("node:crypto")> | undefined;

export function loadChildProcess(): Promise<typeof import("node:child_process")> {
  childProcess ??= import("node:child_process");
  return childProcess;
}

export function loadCrypto(): Promise<typeof import("node:crypto")> {
  crypto ??= import("node:crypto");
  return crypto;
}

/**
 * The user's home: $HOME, else the password database's (node:os, loaded only then: it costs a run up to a
 * millisecond, and HOME is almost always set).
 */
export function homeDirectory(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  return (requireBuiltin("node:os") as typeof import("node:os")).homedir();
}
