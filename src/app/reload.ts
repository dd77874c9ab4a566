import type { ScopeRef } from "../prosody/config/edit.js";
import { moduleCommand, moduleOnServer } from "../prosody/prosodyctl.js";

export interface ReloadOutcome {
  done: boolean;
  how: string;
}

/**
 * Applies an enable/disable to the running server through its admin socket (`prosodyctl shell`), so no restart is
 * needed: `prosodyctl reload` only rereads the config and never loads or unloads a module. When no server answers,
 * the change simply waits for the next start.
 */
export async function reloadModule(configPath: string, module: string, action: "load" | "unload", scope: ScopeRef, env: NodeJS.ProcessEnv): Promise<ReloadOutcome> {
  const host = scope.kind === "global" ? undefined : scope.name;
  const command = moduleCommand(action, module, host);
  const outcome = await moduleOnServer(action, module, host, { configPath, env });
  if (outcome.status === "ok") return { done: true, how: `prosodyctl shell ${command}: ${outcome.message}` };
  const why = outcome.status === "unreachable" ? "no running Prosody answered" : outcome.message;
  return { done: false, how: `${command} not applied to a running server (${why}); it takes effect at the next start` };
}
