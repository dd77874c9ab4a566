import type { Context } from "../app/context.js";
import { configuredRunState, serverActions, syncRunningServer } from "../app/running-server.js";
import type { Session } from "../app/session.js";
import type { JsonObject } from "../core/json.js";
import type { PlanStep } from "../core/model/plan.js";

export const RELOAD_OPTION = { flags: "--reload", description: "load, reload or unload the changed modules in the running Prosody (prosodyctl shell)" } as const;

export interface ReloadReport {
  lines: string[];
  json: JsonObject | null;
  /** A module the running server could not load: the command fails (exit 1), the change on disk stays. */
  failed: boolean;
}

/**
 * After a change: bring the running server in step (--reload), or say that it still runs the old code (that it is not
 * running, when its pidfile says so for certain).
 */
export async function reloadAfter(ctx: Context, session: Session, steps: readonly PlanStep[], wanted: boolean): Promise<ReloadReport> {
  const actions = serverActions(steps);
  if (ctx.flags.dryRun || actions.length === 0) return { lines: [], json: null, failed: false };
  if (!wanted) {
    // Said only where Prosody may run: on a server being set up before its first start, the hint is noise.
    const run = await configuredRunState(session);
    ctx.log.info(run.state === "stopped" ? `Prosody is not running (${run.why}): the change takes effect when it starts` : "a running Prosody still has the old code: pass --reload, or restart it");
    return { lines: [], json: null, failed: false };
  }
  const sync = await syncRunningServer(session, actions);
  const failed = sync.results.filter((result) => !result.ok);
  // Failures go to stderr as errors too: --quiet never hides them.
  for (const result of failed) ctx.log.error(`the running Prosody could not ${result.action} ${result.name} ${result.where}: ${result.message}`, "the files and the config change were kept; fix the cause, then 'module enable --reload' or restart Prosody");
  const lines = [
    ...sync.results.filter((result) => result.ok).map((result) => `running Prosody: ${result.action} ${result.name} ${result.where}: ${result.message}`),
    ...(sync.notRunning ? ["no running Prosody answered; the change takes effect at its next start"] : []),
  ];
  return {
    lines,
    json: { notRunning: sync.notRunning, results: sync.results.map((result) => ({ ...result })) },
    failed: failed.length > 0,
  };
}
