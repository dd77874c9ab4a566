import { applyCommunityChange } from "../../app/community-apply.js";
import { communityRepoPath } from "../../app/community-sync.js";
import { inspectInstalled } from "../../app/installed.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { failure } from "../../core/errors.js";
import { planInstall, type InstallRequest } from "../../core/install-plan.js";
import { parseModuleName } from "../../core/names.js";
import type { ModuleName } from "../../core/types.js";
import { arg, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";

export const moduleUpdate: CommandSpec = {
  path: ["module", "update"],
  summary: "update installed modules to the newest revision in the cache",
  description:
    "Brings installed community modules to the revision of the synced cache (run 'module sync' first to fetch new\n" +
    "changes), as one plan applied all or nothing. Pinned modules stay where they are; a module whose files were\n" +
    "edited locally is restored.",
  args: [arg("modules", "only these modules (default: all installed)", "optional-variadic")],
  options: [],
  examples: ["prosody-manager module sync && prosody-manager module update", "prosody-manager module update mod_pastebin --dry-run", "prosody-manager module update --json"],
  async run(ctx, input) {
    const named = input.args.map(parseModuleName);
    const session = new Session(ctx);
    return session.withLock(async () => {
      const catalogue = await session.catalogue();
      const communityDir = (await session.settings.communityDir()).value;
      const state = await readState(communityDir, ctx.log);
      const inspected = await inspectInstalled(state);
      const available = new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module]));
      for (const name of named) {
        if (!inspected.has(name)) throw failure(`${name} is not installed by prosody-manager`, "see 'prosody-manager module list'");
      }
      const targets = named.length > 0 ? named : [...inspected.keys()];
      const skipped: { name: ModuleName; why: string }[] = [];
      const requests: InstallRequest[] = [];
      const modified = new Set<ModuleName>();
      for (const name of targets) {
        const current = inspected.get(name);
        if (!current) continue;
        if (current.record.pinned) {
          skipped.push({ name, why: `pinned at ${current.record.revision}` });
          continue;
        }
        if (!available.get(name)?.revision) {
          skipped.push({ name, why: "no longer in the community repository" });
          continue;
        }
        if (current.status !== "ok") modified.add(name);
        requests.push({ name, revision: undefined, reason: current.record.reason });
      }
      for (const item of skipped) ctx.log.info(`skipped ${item.name}: ${item.why}`);
      const facts = await session.installation();
      const plan = planInstall({
        requests,
        catalogue: available,
        installed: new Map(state.modules.map((module) => [module.name, module])),
        modified,
        withDependencies: true,
        force: false,
        isBuiltin: (name) => facts.builtinModules.has(name),
        prosodyVersion: facts.prosodyVersion,
      });
      const changes = plan.steps.filter((step) => step.action !== "keep");
      const dryRun = ctx.flags.dryRun;
      if (!dryRun && changes.length > 0) {
        await applyCommunityChange({ repo: communityRepoPath(session.settings.cacheDir), communityDir, plan, state, now: ctx.now() });
      }
      return {
        json: {
          dryRun,
          communityRevision: catalogue.community?.revision ?? null,
          modules: changes.map(stepJson),
          skipped: skipped.map((item) => ({ name: item.name, reason: item.why })),
        },
        text:
          changes.length === 0
            ? `everything is up to date (cache at ${catalogue.community?.revision ?? "?"})`
            : changes.map((step) => describeStep(step, dryRun)).join("\n") + (dryRun ? "\n(dry run: nothing was changed)" : ""),
      };
    });
  },
};
