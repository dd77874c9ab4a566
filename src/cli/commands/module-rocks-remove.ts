import { configChangesJson, configChangesText, disableBeforeRemoval } from "../../app/config-integration.js";
import { requireLuaRocks } from "../../app/rocks-context.js";
import { copiesLeftAfterRemoval } from "../../app/other-copies.js";
import { Session } from "../../app/session.js";
import { removeModules } from "../../app/use-cases/remove.js";
import { parseModuleName } from "../../core/names.js";
import { arg, flagOption, type CommandSpec } from "../command.js";
import { configRequest } from "../config-options.js";
import { describeStep } from "../plan-view.js";
import { lockfileLine, stillProvidedLines } from "../result-lines.js";
import { RELOAD_OPTION, reloadAfter } from "../reload-option.js";

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
    { flags: "--force", description: "remove even when other rocks depend on it" },
    { flags: "--no-config", description: "leave the Prosody config alone (refuses to remove an enabled module)" },
    RELOAD_OPTION,
  ],
  examples: ["prosody-manager module rocks remove mod_cloud_notify", "prosody-manager module rocks remove mod_sasl2_fast   # and mod_sasl2 when nothing else needs it"],
  async run(ctx, input) {
    const names = [...new Set(input.args.map(parseModuleName))];
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      await requireLuaRocks(ctx.env);
      const request = { source: "rocks" as const, names, keepDeps: flagOption(input.options, "keepDeps"), force: flagOption(input.options, "force") };
      const preview = await removeModules(session, { ...request, dryRun: true });
      const removing = preview.plan.steps.filter((step) => step.action === "remove").map((step) => step.name);
      // A module another copy still provides (built-in, rock, another plugin path) stays enabled: that copy loads now.
      const providers = await copiesLeftAfterRemoval(session, removing, preview.where);
      const stillProvided = providers.filter((item) => item.next !== undefined);
      const configChanges = await disableBeforeRemoval(session, providers.filter((item) => item.next === undefined).map((item) => item.name), configRequest(input.options));
      const outcome = dryRun ? preview : await removeModules(session, { ...request, dryRun: false });
      const steps = outcome.plan.steps.filter((step) => step.action === "remove");
      const reload = await reloadAfter(ctx, session, steps.map((step) => (stillProvided.some((item) => item.name === step.name) ? { ...step, action: "change" as const } : step)), flagOption(input.options, "reload"));
      return {
        json: {
          dryRun,
          changed: !dryRun && steps.length > 0,
          tree: outcome.where,
          removed: steps.map((step) => ({ name: step.name, version: step.from ?? null, orphan: outcome.orphans.includes(step.name) })),
          config: configChangesJson(configChanges),
          reload: reload.json,
          stillProvided: stillProvided.map((item) => ({ name: item.name, file: item.next?.file ?? null, kind: item.next?.kind ?? null })),
        },
        text: [
          ...steps.map((step) => describeStep(step, dryRun)),
          lockfileLine(outcome, dryRun),
          ...stillProvidedLines(stillProvided, dryRun),
          configChangesText(configChanges, dryRun),
          ...reload.lines,
        ].filter(Boolean).join("\n"),
        exitCode: reload.failed ? 1 : 0,
      };
    });
  },
};
