import { shortName } from "../core/names.js";
import type { PlanStep } from "../core/model/plan.js";
import type { ModuleName } from "../core/types.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { moduleOnServer } from "../prosody/prosodyctl.js";
import { prosodyRunState, type RunState } from "../prosody/run-state.js";
import { exists } from "../system/fs-atomic.js";
import { describeScope, enabledScopes } from "./enablement.js";
import type { Session } from "./session.js";

export type ServerAction = "load" | "reload" | "unload";

export interface ServerResult {
  name: ModuleName;
  action: ServerAction;
  where: string;
  ok: boolean;
  /** The console's answer, or Prosody's own error for a module that failed. */
  message: string;
}

export interface ServerSync {
  results: ServerResult[];
  /** No Prosody answered on the admin socket: every change waits for its next start. */
  notRunning: boolean;
}

/** Whether the config's Prosody runs, from its pidfile (unknown when the config names none or cannot be read). */
export async function configuredRunState(session: Session): Promise<RunState> {
  return prosodyRunState((await session.settings.config().catch(() => undefined))?.pidfile);
}

/** What the running server must do after a plan: new modules load, replaced ones reload, removed ones unload. */
export function serverActions(steps: readonly PlanStep[]): { name: ModuleName; action: ServerAction }[] {
  const actions = new Map<ModuleName, ServerAction>();
  for (const step of steps) {
    if (step.action === "keep") continue;
    actions.set(step.name, step.action === "add" ? "load" : step.action === "change" ? "reload" : "unload");
  }
  return [...actions].map(([name, action]) => ({ name, action }));
}

/**
 * Keeps the running Prosody in step through its admin socket (`prosodyctl shell`): a module is loaded or reloaded
 * where the config enables it, and unloaded everywhere when it goes. A module that fails to load is a failure with
 * Prosody's own message; the files and config change stay (they are right; the server is what is behind).
 */
export async function syncRunningServer(session: Session, changes: readonly { name: ModuleName; action: ServerAction }[]): Promise<ServerSync> {
  const configPath = session.settings.configPath;
  const config = (await exists(configPath)) ? await loadProsodyConfig(configPath) : undefined;
  const results: ServerResult[] = [];
  let notRunning = false;
  for (const change of changes) {
    const scopes = change.action === "unload" ? [{ kind: "global" as const }] : config ? enabledScopes(config, change.name) : [];
    for (const scope of scopes) {
      if (notRunning) break;
      const host = scope.kind === "global" ? undefined : scope.name;
      const outcome = await moduleOnServer(change.action, shortName(change.name), host, { configPath, env: session.ctx.env });
      if (outcome.status === "unreachable") {
        notRunning = true;
        break;
      }
      // "Module loaded onto 0 hosts" is no success: nothing runs the module.
      const none = change.action !== "unload" && /onto 0 host/.test(outcome.message);
      results.push({ name: change.name, action: change.action, where: describeScope(scope), ok: outcome.status === "ok" && !none, message: none ? `${outcome.message} (no host loaded it)` : outcome.message });
    }
  }
  return { results, notRunning };
}
