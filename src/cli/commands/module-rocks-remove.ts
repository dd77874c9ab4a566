import { removeInOrder } from "../removal-flow.js";
import { configChangesJson, configChangesText } from "../../app/config-integration.js";
import { requireLuaRocks } from "../../app/rocks-context.js";
import { Session } from "../../app/session.js";
import { parseModuleName } from "../../core/names.js";
import { arg, type CommandSpec } from "../command.js";
import { describeStep } from "../plan-view.js";
import { backupLines, lockfileLine, stillProvidedJson, stillProvidedLines } from "../result-lines.js";
import { RELOAD_OPTION } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

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
      const { outcome, steps, stillProvided, configChanges, reload } = await removeInOrder(ctx, session, "rocks", names, input.options);
      return {
        json: {
          dryRun,
          changed: !dryRun && steps.length > 0,
          tree: outcome.where,
          removed: steps.map((step) => ({ name: step.name, version: step.from ?? null, orphan: outcome.orphans.includes(step.name) })),
          backups: outcome.applied?.backups ?? [],
          config: configChangesJson(configChanges),
          reload: reload.json,
          stillProvided: stillProvidedJson(stillProvided),
        },
        text: [
          ...steps.map((step) => describeStep(step, dryRun)),
          ...backupLines(outcome.applied?.backups ?? []),
          lockfileLine(outcome, dryRun),
          ...stillProvidedLines(stillProvided, dryRun),
          configChangesText(configChanges, dryRun),
          ...reload.lines,
        ].filter(Boolean).join("\n"),
        exitCode: reload.failed ? 1 : 0,
        preview: changePreview(steps, configChanges),
      };
    });
  },
};
