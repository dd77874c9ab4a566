import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import type { ConfigChange } from "../../app/config-change.js";
import { configChangesJson, configChangesText, configureAfterInstall } from "../../app/config-integration.js";
import { scopeFromOptions } from "../../app/enablement.js";
import type { CommitStep } from "../../app/model/apply-plan.js";
import { Session } from "../../app/session.js";
import { installCommunity } from "../../app/use-cases/install-community.js";
import { usageError } from "../../core/errors.js";
import { isRevisionSpec, printable, splitNameAndRevision } from "../../core/names.js";
import { arg, flagOption, stringOption, type CommandSpec } from "../command.js";
import { CONFIG_OPTIONS, configRequest } from "../config-options.js";
import { describeStep, stepJson } from "../plan-view.js";
import { backupLines, lockfileLine } from "../result-lines.js";
import { RELOAD_OPTION, reloadAfter } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

export const moduleInstall: CommandSpec = {
  path: ["module", "install"],
  summary: "install community modules (with their community dependencies)",
  description:
    "Copies modules from the cached community repository into the community directory, with the community modules\n" +
    "they depend on, and records them in the lockfile. Every module is staged beside its target and swapped in at the\n" +
    "end, so a failure changes nothing. NAME@REV (or --rev) installs and pins an older revision; 'module update'\n" +
    "leaves pinned modules alone. A module with local changes, or one prosody-manager did not install, is only\n" +
    "replaced with --force, which keeps the old files in a backup directory.",
  args: [arg("modules", "module names, optionally name@revision", "variadic")],
  options: [
    { flags: "--rev <rev>", description: "install at this revision (hash, number or tag) and pin it" },
    { flags: "--no-deps", description: "do not install community dependencies" },
    { flags: "--force", description: "reinstall even when the same revision is installed; replace local changes (kept in a backup)" },
    ...CONFIG_OPTIONS,
    RELOAD_OPTION,
  ],
  examples: [
    "prosody-manager module install mod_pastebin",
    "prosody-manager module install sasl2_fast            # pulls in mod_sasl2",
    "prosody-manager module install mod_pastebin@1a2b3c4d5e6f --dry-run",
    "prosody-manager --community-dir /srv/prosody/modules module install cloud_notify --json",
    "prosody-manager module install mod_pastebin --enable --host example.org",
    "prosody-manager module install mod_pastebin --enable --reload      # and load it in the running Prosody",
  ],
  asksFirst: true,
  async run(ctx, input) {
    const revFlag = stringOption(input.options, "rev");
    if (revFlag !== undefined && !isRevisionSpec(revFlag)) throw usageError(`invalid revision '${printable(revFlag)}'`);
    const modules = input.args.map((text) => {
      const parsed = splitNameAndRevision(text);
      if (parsed.revision && revFlag) throw usageError(`'${text}' names a revision and --rev gives another; use one`);
      return { name: parsed.name, revision: parsed.revision ?? revFlag };
    });
    const config = configRequest(input.options);
    scopeFromOptions(config.host, config.component);
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      let configChanges: ConfigChange[] = [];
      // The config edit is the install's last step: if it fails, the files are put back too.
      const beforeCommit = async (step: CommitStep): Promise<void> => void (configChanges = await configureAfterInstall(session, "community", modules.map((module) => module.name), config, step));
      const outcome = await installCommunity(session, { modules, withDependencies: input.options.deps !== false, force: flagOption(input.options, "force"), dryRun, beforeCommit });
      for (const warning of outcome.warnings) ctx.log.warn(warning);
      const steps = outcome.plan.steps;
      const reload = await reloadAfter(ctx, session, steps, flagOption(input.options, "reload"));
      const configText = configChangesText(configChanges, dryRun);
      return {
        json: {
          dryRun,
          changed: !dryRun && (steps.some((step) => step.action !== "keep") || configChanges.some((change) => change.changes.length > 0)),
          communityDir: outcome.communityDir,
          modules: steps.map((step) => stepJson(step, outcome.requiredBy.get(step.name))),
          warnings: outcome.warnings,
          backups: outcome.applied?.backups ?? [],
          config: configChangesJson(configChanges),
          reload: reload.json,
        },
        text: [
          ...steps.map((step) => describeStep(step, dryRun, outcome.requiredBy.get(step.name))),
          dryRun ? "" : `into ${outcome.communityDir}`,
          ...backupLines(outcome.applied?.backups ?? []),
          lockfileLine(outcome, dryRun),
          configText,
          ...reload.lines,
          dryRun ? DRY_RUN_NOTE : "",
        ].filter(Boolean).join("\n"),
        exitCode: reload.failed ? 1 : 0,
        preview: changePreview(steps, configChanges),
      };
    });
  },
};
