import { changeConfig, configChangeJson, configChangeText } from "../../app/config-change.js";
import { describeScope, planDisable, planEnable, scopeFromOptions } from "../../app/enablement.js";
import { requirePresent } from "../../app/module-presence.js";
import { reloadModule } from "../../app/reload.js";
import { Session } from "../../app/session.js";
import type { ModuleCopies, ModuleCopy } from "../../core/model/copies.js";
import { parseModuleName, shortName } from "../../core/names.js";
import { copiesJson, loadedText } from "../copies-view.js";
import { arg, flagOption, stringOption, type CommandSpec } from "../command.js";
import { changePreview } from "../change-preview.js";

const scopeOptions = [
  { flags: "--host <host>", description: "only on this VirtualHost" },
  { flags: "--component <host>", description: "only on this Component" },
  { flags: "--reload", description: "apply it to the running server through prosodyctl shell" },
];

export const moduleEnable: CommandSpec = {
  path: ["module", "enable"],
  summary: "add a module to modules_enabled (globally, or for one host)",
  description:
    "Adds the module to the right modules_enabled in the Prosody config, creating the list when there is none, by\n" +
    "splicing the file (comments and formatting kept), with a backup and 'prosodyctl check config'. Refuses a module\n" +
    "that is neither built in nor installed.",
  args: [arg("module", "module name")],
  options: scopeOptions,
  asksFirst: true,
  examples: [
    "prosody-manager module enable mod_pastebin",
    "prosody-manager module enable cloud_notify --host example.org --reload",
    "prosody-manager module enable muc_mam --component conference.example.org --dry-run",
  ],
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const scope = scopeFromOptions(stringOption(input.options, "host"), stringOption(input.options, "component"));
    const session = new Session(ctx);
    return session.withLock(async () => {
      const copies = await requirePresent(session, name);
      const change = await changeConfig(ctx, session.settings.configPath, (config) => planEnable(config, name, scope));
      const reload = flagOption(input.options, "reload") && change.applied ? await reloadModule(change.configPath, shortName(name), "load", scope, ctx.env) : undefined;
      if (reload) ctx.log.info(reload.how);
      return {
        json: { name, scope: describeScope(scope), loadsFrom: copies.loaded.file ?? null, builtin: copies.loaded.source === "builtin", ...copiesJson(copies), ...configChangeJson(change), reload: reload ? { done: reload.done, how: reload.how } : null },
        text: [loadsLine(copies), configChangeText(change, ctx.flags.dryRun)].join("\n"),
        preview: changePreview([], [change]),
      };
    });
  },
};

/** Which copy the enabled module is: a built-in module says so, so nobody goes looking for one to install. */
function loadsLine(copies: ModuleCopies & { loaded: ModuleCopy }): string {
  return copies.loaded.source === "builtin" ? `${copies.name} is built into Prosody (${copies.loaded.file ?? copies.loaded.path})` : `${copies.name}: Prosody loads ${loadedText(copies)}`;
}

export const moduleDisable: CommandSpec = {
  path: ["module", "disable"],
  summary: "take a module out of modules_enabled (globally, or for one host)",
  description:
    "Removes the module from modules_enabled in the scope. For a host that inherits it from the global list, adds it\n" +
    "to that host's modules_disabled instead. Same splice, backup and check as enable.",
  args: [arg("module", "module name")],
  options: scopeOptions,
  asksFirst: true,
  examples: ["prosody-manager module disable mod_pastebin", "prosody-manager module disable cloud_notify --host example.org --reload"],
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const scope = scopeFromOptions(stringOption(input.options, "host"), stringOption(input.options, "component"));
    const session = new Session(ctx);
    return session.withLock(async () => {
      const change = await changeConfig(ctx, session.settings.configPath, (config) => planDisable(config, name, scope));
      const reload = flagOption(input.options, "reload") && change.applied ? await reloadModule(change.configPath, shortName(name), "unload", scope, ctx.env) : undefined;
      if (reload) ctx.log.info(reload.how);
      return {
        json: { name, scope: describeScope(scope), ...configChangeJson(change), reload: reload ? { done: reload.done, how: reload.how } : null },
        text: configChangeText(change, ctx.flags.dryRun),
        preview: changePreview([], [change]),
      };
    });
  },
};
