import { requireLuaRocks, rocksTarget } from "../../app/rocks-context.js";
import { withTreeBackup } from "../../app/rocks-tree.js";
import { configChangesJson, configChangesText, disableBeforeRemoval } from "../../app/config-integration.js";
import { configRequest } from "../config-options.js";
import { Session } from "../../app/session.js";
import { failure } from "../../core/errors.js";
import { parseModuleName } from "../../core/names.js";
import { listRocks, removeRock } from "../../sources/rocks/luarocks.js";
import { arg, flagOption, type CommandSpec } from "../command.js";

export const moduleRocksRemove: CommandSpec = {
  path: ["module", "rocks", "remove"],
  summary: "remove rocks from the installer tree",
  description: "Runs 'luarocks --tree=<installer_plugin_path> remove mod_x', all or nothing. LuaRocks refuses to remove a rock\nanother installed rock depends on; --force removes it anyway.",
  args: [arg("modules", "rock names", "variadic")],
  options: [
    { flags: "--force", description: "remove even when other rocks depend on it" },
    { flags: "--no-config", description: "leave the Prosody config alone (refuses to remove an enabled module)" },
  ],
  examples: ["prosody-manager module rocks remove mod_cloud_notify", "prosody-manager module rocks remove mod_sasl2_fast mod_sasl2"],
  async run(ctx, input) {
    const names = [...new Set(input.args.map(parseModuleName))];
    const session = new Session(ctx);
    return session.withLock(async () => {
      const target = await rocksTarget(session);
      await requireLuaRocks(ctx.env);
      const installed = await listRocks(target, ctx.env);
      for (const name of names) {
        if (!installed.some((rock) => rock.name === name)) throw failure(`${name} is not installed in ${target.tree}`, "see 'prosody-manager module rocks list'");
      }
      const configChanges = await disableBeforeRemoval(session, names, configRequest(input.options));
      if (!ctx.flags.dryRun) {
        await withTreeBackup(target.tree, async () => {
          for (const name of names) await removeRock(target, name, flagOption(input.options, "force"), ctx.env);
        });
      }
      const verb = ctx.flags.dryRun ? "would remove" : "removed";
      return {
        json: { dryRun: ctx.flags.dryRun, tree: target.tree, removed: names.map((name) => ({ name, version: installed.find((rock) => rock.name === name)?.version ?? null })), config: configChangesJson(configChanges) },
        text: [...names.map((name) => `${verb} ${name}`), configChangesText(configChanges, ctx.flags.dryRun)].filter(Boolean).join("\n"),
      };
    });
  },
};
