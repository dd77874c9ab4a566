import { applyCommunityChange } from "../../app/community-apply.js";
import { catalogueTipOf } from "../../app/community-export.js";
import { communityRepoPath } from "../../app/community-sync.js";
import { inspectInstalled } from "../../app/installed.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { describe, failure } from "../../core/errors.js";
import { installedRocks, rocksTarget } from "../../app/rocks-context.js";
import { shareTreeWithProsody, withTreeBackup } from "../../app/rocks-tree.js";
import { outdatedRocks } from "../../core/rocks-outdated.js";
import { installRock } from "../../sources/rocks/luarocks.js";
import { planInstall, type InstallRequest } from "../../core/install-plan.js";
import { parseModuleName } from "../../core/names.js";
import type { ModuleName } from "../../core/types.js";
import { arg, type CommandSpec } from "../command.js";
import { describeStep, stepJson } from "../plan-view.js";

export const moduleUpdate: CommandSpec = {
  path: ["module", "update"],
  summary: "update installed modules from both sources to the newest synced version",
  description:
    "Brings installed community modules to the revision of the synced cache and installed rocks to the newest version\n" +
    "in the synced rocks manifest (run 'module sync' first), as one plan applied all or nothing: a failure rolls back\n" +
    "both the rocks tree and the community directory. Pinned modules stay; a locally edited module is restored.",
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
      const rocks = await rocksTarget(session);
      const rocksInTree = await installedRocks(rocks, ctx.env);
      for (const name of named) {
        if (!inspected.has(name) && !rocksInTree.some((rock) => rock.name === name)) {
          throw failure(`${name} is not installed (neither by prosody-manager nor in ${rocks.tree})`, "see 'prosody-manager module list'");
        }
      }
      const rockUpdates = outdatedRocks(rocksInTree, catalogue.rocks?.modules ?? []).filter((rock) => named.length === 0 || named.includes(rock.name as ModuleName));
      const targets = named.length > 0 ? named.filter((name) => inspected.has(name)) : [...inspected.keys()];
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
      const applyCommunity = async (): Promise<void> => {
        if (changes.length > 0) await applyCommunityChange({ repo: communityRepoPath(session.settings.cacheDir), communityDir, plan, state, now: ctx.now(), catalogueTip: catalogueTipOf(catalogue) });
      };
      if (!dryRun && rockUpdates.length > 0) {
        // One plan: the rocks tree is put back if the community part fails, and the community part never starts
        // when a rock fails.
        await withTreeBackup(rocks.tree, async () => {
          for (const rock of rockUpdates) await installRock({ ...rocks }, rock.name as ModuleName, rock.latest, ctx.env);
          await applyCommunity();
        }).catch((error: unknown) => {
          throw failure(`update failed and was rolled back, nothing changed: ${describe(error)}`);
        });
        await shareTreeWithProsody(rocks.tree);
      } else if (!dryRun) {
        await applyCommunity();
      }
      const rockLines = rockUpdates.map((rock) => `${dryRun ? "would update" : "updated"} rock ${rock.name} ${rock.installed} → ${rock.latest}`);
      return {
        json: {
          dryRun,
          communityRevision: catalogue.community?.revision ?? null,
          modules: changes.map(stepJson),
          rocks: rockUpdates.map((rock) => ({ name: rock.name, fromVersion: rock.installed, version: rock.latest })),
          skipped: skipped.map((item) => ({ name: item.name, reason: item.why })),
        },
        text:
          changes.length === 0 && rockLines.length === 0
            ? `everything is up to date (community cache at ${catalogue.community?.revision ?? "?"}, rocks as of the last sync)`
            : [...changes.map((step) => describeStep(step, dryRun)), ...rockLines].join("\n") + (dryRun ? "\n(dry run: nothing was changed)" : ""),
      };
    });
  },
};
