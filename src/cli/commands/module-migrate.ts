import type { ConfigChange } from "../../app/config-change.js";
import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import type { CommitStep } from "../../app/model/apply-plan.js";
import { configChangesJson, configChangesText, configureAfterInstall } from "../../app/config-integration.js";
import { Session } from "../../app/session.js";
import { migrateModule } from "../../app/use-cases/migrate.js";
import { usageError } from "../../core/errors.js";
import { changes } from "../../core/model/plan.js";
import { parseModuleName } from "../../core/names.js";
import { arg, flagOption, stringOption, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";
import { lockfileLine } from "../result-lines.js";
import { changePreview } from "../change-preview.js";

export const moduleMigrate: CommandSpec = {
  path: ["module", "migrate"],
  summary: "move a module to the other source (community ↔ rocks) in one step",
  description:
    "Installs the module from the other source, removes the old copy (and the dependencies only it needed), and keeps\n" +
    "it enabled where it was; all or nothing. To community, the revision the installed rock was built from is chosen\n" +
    "(rock version N-1 comes from the N-th changeset of the module), else the newest.",
  args: [arg("module", "module name")],
  options: [
    { flags: "--to <source>", description: "rocks or community (required)" },
    { flags: "--force", description: "replace local changes in the old copy (kept in a backup)" },
  ],
  examples: ["prosody-manager module migrate mod_cloud_notify --to rocks", "prosody-manager module migrate mod_pastebin --to community --dry-run"],
  asksFirst: true,
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const to = stringOption(input.options, "to");
    if (to !== "rocks" && to !== "community") throw usageError("--to must be rocks or community");
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      let configChanges: ConfigChange[] = [];
      // The new source's config options are the migration's last step: if the edit fails, the old copy is back.
      const beforeCommit = async (step: CommitStep): Promise<void> =>
        void (configChanges = await configureAfterInstall(session, to, [name], { useConfig: true, enable: false, host: undefined, component: undefined }, step));
      const outcome = await migrateModule(session, { name, to, dryRun, force: flagOption(input.options, "force"), beforeCommit });
      const todo = changes(outcome.plan);
      return {
        json: { dryRun, changed: !dryRun && todo.length > 0, name, from: outcome.from, to, target: outcome.target, note: outcome.note, steps: todo.map((step) => stepJson(step)), config: configChangesJson(configChanges) },
        text: [
          ...todo.map((step) => describeStep(step, dryRun)),
          `${name}: ${outcome.from} → ${to} at ${to === "community" ? outcome.target.slice(0, 12) : outcome.target} (${outcome.note}); its enablement in the config is unchanged`,
          lockfileLine(outcome, dryRun),
          configChangesText(configChanges, dryRun),
          dryRun ? DRY_RUN_NOTE : "",
        ].filter(Boolean).join("\n"),
        preview: changePreview(todo, configChanges),
      };
    });
  },
};
