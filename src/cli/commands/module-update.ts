import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import { Session } from "../../app/session.js";
import { updateModules } from "../../app/use-cases/update.js";
import { parseModuleName } from "../../core/names.js";
import { arg, flagOption, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";
import { backupLines, lockfileLine } from "../result-lines.js";
import { updatePreview } from "../update-preview.js";
import { RELOAD_OPTION, reloadAfter } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

export const moduleUpdate: CommandSpec = {
  path: ["module", "update"],
  summary: "update installed modules from both sources to the newest synced version",
  description:
    "Brings installed community modules to the revision of the synced cache and installed rocks to the newest version\n" +
    "in the synced rocks manifest (run 'module sync' first), as one plan applied all or nothing: a failure rolls back\n" +
    "both the rocks tree and the community directory. Pinned modules stay (see 'module unpin'); a module with local\n" +
    "changes is skipped unless --force, which keeps the old files in a backup directory.",
  args: [arg("modules", "only these modules (default: all installed)", "optional-variadic")],
  options: [{ flags: "--force", description: "also replace modules with local changes (kept in a backup)" }, RELOAD_OPTION],
  examples: ["prosody-manager module sync && prosody-manager module update", "prosody-manager module update mod_pastebin --dry-run", "prosody-manager module update --json"],
  asksFirst: true,
  async run(ctx, input) {
    const names = input.args.map(parseModuleName);
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun;
      const outcome = await updateModules(session, { names, force: flagOption(input.options, "force"), dryRun });
      for (const item of outcome.skipped) ctx.log.info(`skipped ${item.name}: ${item.why}`);
      const changes = outcome.plan.steps.filter((step) => step.action !== "keep");
      const community = changes.filter((step) => step.source === "community");
      const rocks = changes.filter((step) => step.source === "rocks");
      const preview = dryRun ? await updatePreview(session, community) : undefined;
      const reload = await reloadAfter(ctx, session, changes, flagOption(input.options, "reload"));
      return {
        json: {
          dryRun,
          changed: !dryRun && changes.length > 0,
          communityRevision: outcome.communityRevision ?? null,
          modules: community.map((step) => ({ ...stepJson(step), ...(preview ? { changesets: preview.jsonFor(step.name) ?? [] } : {}) })),
          rocks: rocks.map((step) => ({ name: step.name, fromVersion: step.from ?? null, version: step.to ?? null })),
          skipped: outcome.skipped.map((item) => ({ name: item.name, source: item.source, reason: item.why })),
          backups: outcome.applied?.backups ?? [],
          reload: reload.json,
        },
        exitCode: reload.failed ? 1 : 0,
        preview: changePreview(changes),
        text:
          changes.length === 0
            ? `everything is up to date (community cache at ${outcome.communityRevision ?? "?"}, rocks as of the last sync)`
            : [...changes.flatMap((step) => [describeStep(step, dryRun), ...(preview?.linesFor(step.name) ?? [])]), ...backupLines(outcome.applied?.backups ?? []), lockfileLine(outcome, dryRun), ...reload.lines, dryRun ? DRY_RUN_NOTE : ""].filter(Boolean).join("\n"),
      };
    });
  },
};
