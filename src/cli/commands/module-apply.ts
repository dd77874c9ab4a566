import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import { Session } from "../../app/session.js";
import { applyLockfile, driftCount } from "../../app/use-cases/apply.js";
import { changes } from "../../core/model/plan.js";
import { flagOption, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";
import { backupLines } from "../result-lines.js";
import { RELOAD_OPTION, reloadAfter } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

export const moduleApply: CommandSpec = {
  path: ["module", "apply"],
  summary: "make this machine match the lockfile (both sources)",
  description:
    "Installs what the lockfile holds and this machine lacks, at the locked revision or version; repairs modules whose\n" +
    "files drifted from the locked tree hash (the drifted files are kept in a backup directory); leaves the rest. A\n" +
    "second run changes nothing. --check changes nothing and exits 1 when there is drift (for monitoring); --prune\n" +
    "also removes modules prosody-manager installed that the lockfile does not hold. With --json, the top-level\n" +
    "\"changed\" says whether anything was changed (for Ansible's changed_when).",
  args: [],
  options: [
    { flags: "--check", description: "change nothing; list the drift and exit 1 when there is any" },
    { flags: "--prune", description: "also remove managed modules the lockfile does not hold" },
    { flags: "--force", description: "replace module directories prosody-manager did not install (kept in a backup)" },
    RELOAD_OPTION,
  ],
  examples: [
    "prosody-manager module apply",
    "prosody-manager --lockfile /srv/git/prosody/prosody-manager.lock.json module apply --json",
    "prosody-manager module apply --check          # exit 1 on drift",
    "prosody-manager module apply --prune --dry-run",
  ],
  // --check changes nothing: no dry run first, nothing to ask.
  asksFirst: (input) => !flagOption(input.options, "check"),
  async run(ctx, input) {
    const check = flagOption(input.options, "check");
    const session = new Session(ctx);
    return session.withLock(async () => {
      const dryRun = ctx.flags.dryRun || check;
      const outcome = await applyLockfile(session, { check, prune: flagOption(input.options, "prune"), force: flagOption(input.options, "force"), dryRun: ctx.flags.dryRun });
      const todo = changes(outcome.plan);
      const drift = driftCount(outcome);
      const reload = check ? { lines: [], json: null, failed: false } : await reloadAfter(ctx, session, todo, flagOption(input.options, "reload"));
      return {
        json: {
          dryRun,
          check,
          changed: !dryRun && drift > 0,
          drift,
          lockfile: outcome.lockfilePath,
          steps: todo.map((step) => stepJson(step)),
          backups: outcome.applied?.backups ?? [],
          reload: reload.json,
        },
        text:
          todo.length === 0
            ? `nothing to do: this machine matches ${outcome.lockfilePath}`
            : [...todo.map((step) => describeStep(step, dryRun)), ...backupLines(outcome.applied?.backups ?? []), ...reload.lines, check ? `drift: ${drift} change(s) needed to match ${outcome.lockfilePath}` : "", dryRun && !check ? DRY_RUN_NOTE : ""].filter(Boolean).join("\n"),
        exitCode: (check && drift > 0) || reload.failed ? 1 : 0,
        preview: changePreview(todo),
      };
    });
  },
};
