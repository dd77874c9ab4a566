import { type ConfigEdit, ensureGlobalOption, ensureInList } from "../prosody/config/edit.js";
import type { ProsodyConfig } from "../prosody/config/model.js";
import { chainEdits, type ConfigPlan } from "./config-change.js";
import type { Session } from "./session.js";

export type SetupPart = "rocks" | "community";

/**
 * The global options prosody-manager relies on: plugin_server and installer_plugin_path for rocks, the community
 * directory in plugin_paths for community modules. Values are this run's resolved settings.
 */
export async function planSetup(session: Session, parts: readonly SetupPart[]): Promise<ConfigPlan> {
  const [server, installer, community, config] = await Promise.all([
    session.settings.rocksServer(),
    session.settings.installerPath(),
    session.settings.communityDir(),
    session.settings.config().catch(() => undefined),
  ]);
  // Flags are for this run: an option the config already sets is never rewritten (a one-off --rocks-server must not
  // move the server for good), only said to differ. A value the config gives is left exactly as written.
  const missingOrWarn = (option: string, resolved: { value: string; origin: string }, inConfig: string | undefined): string | undefined => {
    if (inConfig === undefined) return resolved.origin === "config" ? undefined : resolved.value;
    if (resolved.origin === "flag" && resolved.value !== inConfig) {
      session.ctx.log.warn(`the config sets ${option} = "${inConfig}"; this run used "${resolved.value}" and left the config alone`);
    }
    return undefined;
  };
  const values: SetupValues = {
    pluginServer: parts.includes("rocks") ? missingOrWarn("plugin_server", server, config?.pluginServer) : undefined,
    installerPluginPath: parts.includes("rocks") ? missingOrWarn("installer_plugin_path", installer, config?.installerPluginPath) : undefined,
    communityDir: parts.includes("community") ? community.value : undefined,
  };
  return (current) => planSetupValues(current, values);
}

export interface SetupValues {
  pluginServer: string | undefined;
  installerPluginPath: string | undefined;
  communityDir: string | undefined;
}

/** The setup edits for given values (undefined: leave that option alone). */
export function planSetupValues(config: ProsodyConfig, values: SetupValues): { edits: ConfigEdit[]; descriptions: string[] } {
  // Each step edits the assignment Prosody uses, which may be in an included file (conf.d, Jitsi's layouts).
  const steps: ((current: ProsodyConfig) => ConfigEdit)[] = [];
  const { pluginServer, installerPluginPath, communityDir } = values;
  if (pluginServer !== undefined) steps.push((current) => ensureGlobalOption(current, "plugin_server", pluginServer));
  if (installerPluginPath !== undefined) steps.push((current) => ensureGlobalOption(current, "installer_plugin_path", installerPluginPath));
  if (communityDir !== undefined) steps.push((current) => ensureInList(current, "plugin_paths", communityDir, { kind: "global" }));
  return chainEdits(config, steps);
}
