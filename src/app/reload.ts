import { run } from "../system/exec.js";
import type { ScopeRef } from "../prosody/config/edit.js";

export interface ReloadOutcome {
  done: boolean;
  how: string;
}

/**
 * Applies an enable/disable to the running server through its admin socket (`prosodyctl shell`), so no restart is
 * needed. When no server answers, the change simply waits for the next start.
 */
export async function reloadModule(configPath: string, module: string, action: "load" | "unload", scope: ScopeRef, env: NodeJS.ProcessEnv): Promise<ReloadOutcome> {
  const host = scope.kind === "global" ? "" : `, ${JSON.stringify(scope.name)}`;
  const command = `module:${action}(${JSON.stringify(module)}${host})`;
  const result = await run("prosodyctl", ["--config", configPath, "shell", command], { env, timeoutMs: 60_000 }).catch(() => undefined);
  const output = `${result?.stdout ?? ""}\n${result?.stderr ?? ""}`;
  if (result && result.code === 0 && /OK:/.test(output)) return { done: true, how: `prosodyctl shell ${command}: ${/OK:.*$/m.exec(output)?.[0] ?? "ok"}` };
  const why = /Error:.*$|Unable to connect.*$|not running.*$/im.exec(output)?.[0] ?? "no running Prosody answered";
  return { done: false, how: `${command} not applied to a running server (${why.trim()}); it takes effect at the next start` };
}
