import type { ChildProcess } from "node:child_process";

/**
 * Every child runs in its own process group (so a terminal's Ctrl-C reaches only us, and we decide), and every live
 * group is killed when the CLI goes: on a normal exit, an uncaught failure, SIGINT, SIGTERM or SIGHUP. Without this a
 * killed CLI leaves an `hg pull` running against a stalled server for as long as the server likes.
 */
const live = new Set<number>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the whole group: the tool and anything it started (ssh, a pager, a helper).
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function killAll(): void {
  for (const pid of live) killGroup(pid, "SIGKILL");
  live.clear();
}

/** Synchronous undo steps run before the CLI exits on a signal: a change in progress is put back, not left half done. */
const exitHooks = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  for (const hook of [...exitHooks]) {
    try {
      hook();
    } catch {
      // The journal still holds what is left: the next run finishes the undo.
    }
  }
  process.exit(EXIT_CODES[signal] ?? 1);
}

let installed = false;

function syncHandlers(): void {
  const want = live.size > 0 || exitHooks.size > 0;
  if (want && !installed) install();
  if (!want && installed) uninstall();
}

/** Runs `hook` (synchronously) if SIGINT, SIGTERM or SIGHUP ends the CLI while it is registered. */
export function onInterrupt(hook: () => void): () => void {
  exitHooks.add(hook);
  syncHandlers();
  return () => {
    exitHooks.delete(hook);
    syncHandlers();
  };
}

function install(): void {
  installed = true;
  process.on("exit", killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  installed = false;
  process.off("exit", killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Tracks a child spawned with `detached: true` until it closes. */
export function track(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  live.add(pid);
  syncHandlers();
  child.once("close", () => {
    live.delete(pid);
    syncHandlers();
  });
}
