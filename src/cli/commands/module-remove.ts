import { promises as fs } from "node:fs";
import path from "node:path";
import { applyCommunityChange } from "../../app/community-apply.js";
import { communityRepoPath } from "../../app/community-sync.js";
import { readCatalogue } from "../../app/catalogue-store.js";
import { configChangesJson, configChangesText, disableBeforeRemoval } from "../../app/config-integration.js";
import { configRequest } from "../config-options.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { failure } from "../../core/errors.js";
import { parseModuleName } from "../../core/names.js";
import type { ModuleName } from "../../core/types.js";
import { exists } from "../../system/fs-atomic.js";
import { arg, flagOption, type CommandSpec } from "../command.js";

export const moduleRemove: CommandSpec = {
  path: ["module", "remove"],
  summary: "remove community modules that prosody-manager installed",
  description:
    "Removes community modules from the community directory, all or nothing. Only modules prosody-manager installed\n" +
    "are removed unless --force; installed modules that depend on a removed one are named in a warning.",
  args: [arg("modules", "module names", "variadic")],
  options: [
    { flags: "--force", description: "also remove a module directory prosody-manager did not install" },
    { flags: "--no-config", description: "leave the Prosody config alone (refuses to remove an enabled module)" },
  ],
  examples: [
    "prosody-manager module remove mod_pastebin",
    "prosody-manager module remove pastebin cloud_notify --dry-run",
    "prosody-manager module remove mod_handmade --force",
  ],
  async run(ctx, input) {
    const names = [...new Set(input.args.map(parseModuleName))];
    const force = flagOption(input.options, "force");
    const session = new Session(ctx);
    return session.withLock(async () => {
      const communityDir = (await session.settings.communityDir()).value;
      const state = await readState(communityDir, ctx.log);
      const managed = new Set(state.modules.map((module) => module.name));
      const unmanaged: ModuleName[] = [];
      for (const name of names) {
        if (managed.has(name)) continue;
        const present = await exists(path.join(communityDir, name));
        if (!present) throw failure(`${name} is not installed in ${communityDir}`, "see 'prosody-manager module list'");
        if (!force) {
          throw failure(`${name} in ${communityDir} was not installed by prosody-manager; not removing it`, "use --force to remove it anyway");
        }
        unmanaged.push(name);
      }
      const catalogue = await readCatalogue(session.settings.cacheDir).catch(() => undefined);
      const dependsOn = new Map((catalogue?.community?.modules ?? []).map((module) => [module.name, module.dependencies.community]));
      const removing = new Set<ModuleName>(names);
      const warnings: string[] = [];
      for (const module of state.modules) {
        if (removing.has(module.name)) continue;
        const needed = (dependsOn.get(module.name) ?? []).filter((dep) => removing.has(dep));
        if (needed.length > 0) warnings.push(`${module.name} depends on ${needed.join(", ")}, which will be removed`);
      }
      for (const warning of warnings) ctx.log.warn(warning);
      const dryRun = ctx.flags.dryRun;
      // Disabled before the files go, so Prosody never starts with an enabled module that is missing.
      const configChanges = await disableBeforeRemoval(session, names, configRequest(input.options));
      if (!dryRun) {
        await fs.mkdir(communityDir, { recursive: true });
        await applyCommunityChange({
          repo: communityRepoPath(session.settings.cacheDir),
          communityDir,
          plan: { steps: [], warnings: [] },
          state,
          now: ctx.now(),
          removals: names,
        });
      }
      return {
        json: { dryRun, communityDir, removed: names.map((name) => ({ name, managed: !unmanaged.includes(name) })), warnings, config: configChangesJson(configChanges) },
        text: [...names.map((name) => `${dryRun ? "would remove" : "removed"} ${name}`), configChangesText(configChanges, dryRun), dryRun ? "(dry run: nothing was changed)" : ""].filter(Boolean).join("\n"),
      };
    });
  },
};
