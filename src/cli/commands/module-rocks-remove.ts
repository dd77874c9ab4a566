import { removalResult, removeInOrder } from "../removal-flow.js";
import { requireLuaRocks } from "../../app/rocks-context.js";
import { Session } from "../../app/session.js";
import { parseModuleName } from "../../core/names.js";
import { arg, type CommandSpec } from "../command.js";
import { RELOAD_OPTION } from "../reload-option.js";

export const moduleRocksRemove: CommandSpec = {
  path: ["module", "rocks", "remove"],
  summary: "remove rocks from the installer tree, and the dependencies nothing else needs",
  description:
    "Runs 'luarocks --tree=<installer_plugin_path> remove mod_x', all or nothing, then removes the rocks it pulled in\n" +
    "as dependencies that nothing else needs (LuaRocks leaves them behind; --keep-deps keeps them). LuaRocks refuses to\n" +
    "remove a rock another installed rock depends on; --force removes it anyway.",
  args: [arg("modules", "rock names", "variadic")],
  options: [
    { flags: "--keep-deps", description: "keep the dependencies these rocks pulled in" },
    { flags: "--force", description: "remove even when other rocks depend on it, or its files were edited (kept in a backup)" },
    { flags: "--no-config", description: "leave the Prosody config alone (refuses to remove an enabled module)" },
    RELOAD_OPTION,
  ],
  examples: ["prosody-manager module rocks remove mod_cloud_notify", "prosody-manager module rocks remove mod_sasl2_fast   # and mod_sasl2 when nothing else needs it"],
  asksFirst: true,
  async run(ctx, input) {
    const names = [...new Set(input.args.map(parseModuleName))];
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      await requireLuaRocks(ctx.env);
      const removal = await removeInOrder(ctx, session, "rocks", names, input.options);
      const { outcome, steps } = removal;
      return removalResult(removal, dryRun, {
        tree: outcome.where,
        removed: steps.map((step) => ({ name: step.name, version: step.from ?? null, orphan: outcome.orphans.includes(step.name) })),
      });
    });
  },
};
