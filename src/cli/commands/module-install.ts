import { applyCommunityChange } from "../../app/community-apply.js";
import { catalogueTipOf } from "../../app/community-export.js";
import { communityRepoPath } from "../../app/community-sync.js";
import { inspectInstalled } from "../../app/installed.js";
import { configChangesJson, configChangesText, configureAfterInstall } from "../../app/config-integration.js";
import { CONFIG_OPTIONS, configRequest } from "../config-options.js";
import { scopeFromOptions } from "../../app/enablement.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { failure, usageError } from "../../core/errors.js";
import { resolveRevision } from "../../sources/community/hg.js";
import { planInstall, type InstallRequest } from "../../core/install-plan.js";
import { splitNameAndRevision } from "../../core/names.js";
import type { ModuleName } from "../../core/types.js";
import { arg, flagOption, stringOption, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";

export const moduleInstall: CommandSpec = {
  path: ["module", "install"],
  summary: "install community modules (with their community dependencies)",
  description:
    "Copies modules from the cached community repository into the community directory, with the community modules\n" +
    "they depend on. Every module is staged beside its target and swapped in at the end, so a failure changes nothing.\n" +
    "NAME@REV (or --rev) installs and pins an older revision; 'module update' leaves pinned modules alone.",
  args: [arg("modules", "module names, optionally name@revision", "variadic")],
  options: [
    { flags: "--rev <rev>", description: "install at this revision (hash, number or tag) and pin it" },
    { flags: "--no-deps", description: "do not install community dependencies" },
    { flags: "--force", description: "reinstall even when the same revision is installed" },
    ...CONFIG_OPTIONS,
  ],
  examples: [
    "prosody-manager module install mod_pastebin",
    "prosody-manager module install sasl2_fast            # pulls in mod_sasl2",
    "prosody-manager module install mod_pastebin@1a2b3c4d5e6f --dry-run",
    "prosody-manager --community-dir /srv/prosody/modules module install cloud_notify --json",
    "prosody-manager module install mod_pastebin --enable --host example.org",
  ],
  async run(ctx, input) {
    const revFlag = stringOption(input.options, "rev");
    const requests: InstallRequest[] = input.args.map((text) => {
      const parsed = splitNameAndRevision(text);
      if (parsed.revision && revFlag) throw usageError(`'${text}' names a revision and --rev gives another; use one`);
      return { name: parsed.name, revision: parsed.revision ?? revFlag };
    });
    if (revFlag !== undefined && (!/^[A-Za-z0-9._+-]+$/.test(revFlag) || revFlag.startsWith("-"))) {
      throw usageError(`invalid revision '${revFlag}'`);
    }
    scopeFromOptions(stringOption(input.options, "host"), stringOption(input.options, "component"));
    const session = new Session(ctx);
    return session.withLock(async () => {
      const catalogue = await session.catalogue();
      const repo = communityRepoPath(session.settings.cacheDir);
      const pinned = await resolveRequestedRevisions(repo, requests);
      const communityDir = (await session.settings.communityDir()).value;
      const state = await readState(communityDir, ctx.log);
      const installed = await inspectInstalled(state);
      const modified = new Set<ModuleName>([...installed.values()].filter((item) => item.status !== "ok").map((item) => item.record.name));
      const facts = await session.installation();
      const plan = planInstall({
        requests: pinned,
        catalogue: new Map((catalogue.community?.modules ?? []).map((module) => [module.name, module])),
        installed: new Map(state.modules.map((module) => [module.name, module])),
        modified,
        withDependencies: input.options.deps !== false,
        force: flagOption(input.options, "force"),
        isBuiltin: (name) => facts.builtinModules.has(name),
        prosodyVersion: facts.prosodyVersion,
      });
      for (const warning of plan.warnings) ctx.log.warn(warning);
      const dryRun = ctx.flags.dryRun;
      if (!dryRun && plan.steps.some((step) => step.action !== "keep")) {
        await applyCommunityChange({ repo, communityDir, plan, state, now: ctx.now(), catalogueTip: catalogueTipOf(catalogue) });
      }
      const configChanges = await configureAfterInstall(session, "community", requests.map((request) => request.name), configRequest(input.options));
      const configText = configChangesText(configChanges, dryRun);
      return {
        json: { dryRun, communityDir, modules: plan.steps.map(stepJson), warnings: plan.warnings, config: configChangesJson(configChanges) },
        text:
          plan.steps.map((step) => describeStep(step, dryRun)).join("\n") +
          (dryRun ? "" : `\ninto ${communityDir}`) +
          (configText ? `\n${configText}` : "") +
          (dryRun ? "\n(dry run: nothing was changed)" : ""),
      };
    });
  },
};

/** Turns revision specs (numbers, tags, prefixes) into the short hashes that plans and the state record. */
async function resolveRequestedRevisions(repo: string, requests: readonly InstallRequest[]): Promise<InstallRequest[]> {
  return Promise.all(
    requests.map(async (request) => {
      if (request.revision === undefined) return request;
      const resolved = await resolveRevision(repo, request.revision);
      if (!resolved) {
        throw failure(`unknown revision '${request.revision}' for ${request.name}`, "run 'prosody-manager module sync' if it is newer than the cache");
      }
      return { ...request, revision: resolved.short };
    }),
  );
}
