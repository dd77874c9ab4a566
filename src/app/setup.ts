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
  const [server, installer, community] = await Promise.all([session.settings.rocksServer(), session.settings.installerPath(), session.settings.communityDir()]);
  // A value the config already gives (perhaps relative, as Prosody allows) is left exactly as written.
  const values: SetupValues = {
    pluginServer: parts.includes("rocks") && server.origin !== "config" ? server.value : undefined,
    installerPluginPath: parts.includes("rocks") && installer.origin !== "config" ? installer.value : undefined,
    communityDir: parts.includes("community") ? community.value : undefined,
  };
  return (config) => planSetupValues(config, values);
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
