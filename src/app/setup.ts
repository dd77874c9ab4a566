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
  return (config) => {
    // Each step edits the assignment Prosody uses, which may be in an included file (conf.d, Jitsi's layouts).
    const steps: ((current: ProsodyConfig) => ConfigEdit)[] = [];
    // A value the config already gives (perhaps relative, as Prosody allows) is left exactly as written.
    if (parts.includes("rocks")) {
      if (server.origin !== "config") steps.push((file) => ensureGlobalOption(file, "plugin_server", server.value));
      if (installer.origin !== "config") steps.push((file) => ensureGlobalOption(file, "installer_plugin_path", installer.value));
    }
    if (parts.includes("community")) steps.push((file) => ensureInList(file, "plugin_paths", community.value, { kind: "global" }));
    return chainEdits(config, steps);
  };
}
