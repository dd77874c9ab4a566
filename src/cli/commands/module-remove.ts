import { removalResult, removeInOrder } from "../removal-flow.js";
import { Session } from "../../app/session.js";
import { parseModuleName } from "../../core/names.js";
import { arg, type CommandSpec } from "../command.js";
import { stepJson } from "../plan-view.js";
import { RELOAD_OPTION } from "../reload-option.js";

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
      const removal = await removeInOrder(ctx, session, "community", names, input.options);
      const { preview, outcome, steps } = removal;
      for (const item of preview.dependents) ctx.log.warn(`${item.name} depends on ${item.needs.join(", ")}, which will be removed`);
      return removalResult(removal, dryRun, {
        communityDir: outcome.where,
        removed: steps.map((step) => ({ ...stepJson(step), managed: !outcome.unmanaged.includes(step.name), orphan: outcome.orphans.includes(step.name) })),
        warnings: preview.dependents.map((item) => `${item.name} depends on ${item.needs.join(", ")}`),
      });
    });
  },
};
