import { changeConfig, configChangeJson, configChangeText } from "../../app/config-change.js";
import { Session } from "../../app/session.js";
import { planSetup } from "../../app/setup.js";
import type { CommandSpec } from "../command.js";
import { changePreview } from "../change-preview.js";

export const configSetup: CommandSpec = {
  path: ["config", "setup"],
  summary: "set plugin_server, installer_plugin_path and the community directory in plugin_paths",
  description:
    "Ensures the global options prosody-manager and prosodyctl rely on, with this run's values (flags, environment,\n" +
    "defaults). Idempotent: a second run changes nothing and says so. Edits are splices with a backup, checked with\n" +
    "'prosodyctl check config' and put back if the check fails. Install commands do the part they need themselves\n" +
    "unless --no-config.",
  args: [],
  options: [],
  examples: [
    "prosody-manager config setup --dry-run",
    "prosody-manager config setup",
    "prosody-manager --community-dir /srv/prosody/modules --config /etc/prosody/prosody.cfg.lua config setup --json",
  ],
  asksFirst: true,
  async run(ctx) {
    const session = new Session(ctx);
    return session.withLock(async () => {
      const change = await changeConfig(ctx, session.settings.configPath, await planSetup(session, ["rocks", "community"]));
      return { json: configChangeJson(change), text: configChangeText(change, ctx.flags.dryRun), preview: changePreview([], [change]) };
    });
  },
};
