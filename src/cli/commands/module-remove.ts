import { DRY_RUN_NOTE } from "../../app/config-change.js";
import { removeInOrder } from "../removal-flow.js";
import { configChangesJson, configChangesText } from "../../app/config-integration.js";
import { Session } from "../../app/session.js";
import { parseModuleName } from "../../core/names.js";
import { arg, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";
import { backupLines, lockfileLine, stillProvidedJson, stillProvidedLines } from "../result-lines.js";
import { RELOAD_OPTION } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

export const moduleRemove: CommandSpec = {
  path: ["module", "remove"],
  summary: "remove community modules, and the dependencies nothing else needs",
  description:
    "Removes community modules from the community directory, all or nothing, together with the community modules they\n" +
    "pulled in as dependencies that no other installed module needs (--keep-deps keeps those). Only modules\n" +
    "prosody-manager installed are removed unless --force (the files are then kept in a backup directory); installed\n" +
    "modules that depend on a removed one are named in a warning.",
  args: [arg("modules", "module names", "variadic")],
  options: [
    { flags: "--keep-deps", description: "keep the dependencies these modules pulled in" },
    { flags: "--force", description: "also remove a module directory prosody-manager did not install, or one with local changes" },
    { flags: "--no-config", description: "leave the Prosody config alone (refuses to remove an enabled module)" },
    RELOAD_OPTION,
  ],
  examples: [
    "prosody-manager module remove mod_pastebin",
    "prosody-manager module remove sasl2_fast             # also removes mod_sasl2 if nothing else needs it",
    "prosody-manager module remove sasl2_fast --keep-deps --dry-run",
    "prosody-manager module remove mod_handmade --force",
    "prosody-manager module remove mod_pastebin --reload         # and unload it from the running Prosody",
  ],
  asksFirst: true,
  async run(ctx, input) {
    const names = [...new Set(input.args.map(parseModuleName))];
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      const { preview, outcome, steps, stillProvided, configChanges, reload } = await removeInOrder(ctx, session, "community", names, input.options);
      for (const item of preview.dependents) ctx.log.warn(`${item.name} depends on ${item.needs.join(", ")}, which will be removed`);
      return {
        json: {
          dryRun,
          changed: !dryRun && steps.length > 0,
          communityDir: outcome.where,
          removed: steps.map((step) => ({ ...stepJson(step), managed: !outcome.unmanaged.includes(step.name), orphan: outcome.orphans.includes(step.name) })),
          warnings: preview.dependents.map((item) => `${item.name} depends on ${item.needs.join(", ")}`),
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
          dryRun ? DRY_RUN_NOTE : "",
        ].filter(Boolean).join("\n"),
        exitCode: reload.failed ? 1 : 0,
        preview: changePreview(steps, configChanges),
      };
    });
  },
};
