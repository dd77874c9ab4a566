import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import type { ConfigChange } from "../../app/config-change.js";
import { configChangesJson, configChangesText, configureAfterInstall } from "../../app/config-integration.js";
import { scopeFromOptions } from "../../app/enablement.js";
import type { CommitStep } from "../../app/model/apply-plan.js";
import { Session } from "../../app/session.js";
import { installRocks } from "../../app/use-cases/install-rocks.js";
import { usageError } from "../../core/errors.js";
import { parseModuleName } from "../../core/names.js";
import { ROCK_VERSION } from "../../core/rock-version.js";
import { arg, flagOption, type CommandResult, type CommandSpec } from "../command.js";
import { CONFIG_OPTIONS, configRequest } from "../config-options.js";
import { backupLines, lockfileLine } from "../result-lines.js";
import { dependencyJson, dependencyNotes, neededByOf } from "../rock-dependency-view.js";
import { RELOAD_OPTION, reloadAfter } from "../reload-option.js";
import { changePreview } from "../change-preview.js";

export const moduleRocksInstall: CommandSpec = {
  path: ["module", "rocks", "install"],
  summary: "install rocks with LuaRocks (dependencies included)",
  description:
    "Runs the real LuaRocks exactly as 'prosodyctl install' does:\n" +
    "  luarocks --lua-version=<Prosody's Lua> --tree=<installer_plugin_path> --server=<plugin_server> install mod_x\n" +
    "LuaRocks installs the dependencies, which the lockfile records. NAME@VERSION pins the rock ('module update' leaves\n" +
    "it alone). The tree is copied aside first and put back if anything fails.",
  args: [arg("modules", "rock names, optionally name@version (e.g. mod_pastebin@2-1)", "variadic")],
  options: [{ flags: "--force", description: "reinstall even when the same version is installed; replace edited rock files (kept in a backup)" }, ...CONFIG_OPTIONS, RELOAD_OPTION],
  examples: [
    "prosody-manager module rocks install mod_cloud_notify",
    "prosody-manager module rocks install mod_sasl2_fast            # also installs mod_sasl2",
    "prosody-manager module rocks install mod_pastebin@2-1 --dry-run",
    "prosody-manager --rocks-server http://127.0.0.1:8080/ --installer-path /tmp/tree module rocks install pastebin",
  ],
  asksFirst: true,
  async run(ctx, input) {
    const rocks = input.args.map(parseRockRequest);
    const config = configRequest(input.options);
    scopeFromOptions(config.host, config.component);
    const session = new Session(ctx);
    return session.withLock(async (): Promise<CommandResult> => {
      const dryRun = ctx.flags.dryRun;
      let configChanges: ConfigChange[] = [];
      // The config edit is the install's last step: if it fails, the rocks tree is put back too.
      const beforeCommit = async (step: CommitStep): Promise<void> => void (configChanges = await configureAfterInstall(session, "rocks", rocks.map((item) => item.name), config, step));
      const outcome = await installRocks(session, { rocks, force: flagOption(input.options, "force"), dryRun, beforeCommit });
      for (const warning of outcome.warnings) ctx.log.warn(warning);
      const planned = outcome.plan.steps.filter((step) => step.source === "rocks");
      const reload = await reloadAfter(ctx, session, planned, flagOption(input.options, "reload"));
      const installed = [
        ...planned.filter((step) => step.action !== "keep").map((step) => ({ name: step.name, version: step.to ?? "", pinned: step.pinned, reason: step.reason })),
        ...(outcome.applied?.pulledIn ?? []).map((name) => ({ name, version: outcome.applied?.rocks.get(name)?.version ?? "", pinned: false, reason: "dependency" as const })),
      ];
      const neededBy = neededByOf(outcome.dependencies);
      const because = (name: string): string => (neededBy.has(name) ? ` (dependency of ${neededBy.get(name) ?? ""})` : "");
      const lines = dryRun
        ? planned.map((step) => (step.action === "keep" ? `${step.name} ${step.to ?? ""} is already installed` : `would install ${step.name} ${step.to ?? ""}${step.pinned ? " [pinned]" : ""}${because(step.name)}`))
        : [installed.map((rock) => `installed ${rock.name} ${rock.version}${rock.pinned ? " [pinned]" : ""}${rock.reason === "dependency" ? because(rock.name) || " (dependency)" : ""}`).join("\n") || "nothing new: already installed", `into ${outcome.tree}`];
      lines.push(...dependencyNotes(outcome.dependencies, outcome.server), ...backupLines(outcome.applied?.backups ?? []));
      return {
        json: {
          dryRun,
          changed: !dryRun && installed.length > 0,
          server: outcome.server,
          tree: outcome.tree,
          rocks: planned.map((step) => ({ name: step.name, version: step.to ?? null, action: step.action, pinned: step.pinned, reason: step.reason })),
          installed: installed.map((rock) => ({ ...rock, source: "rocks" })),
          dependencies: dependencyJson(outcome.dependencies),
          backups: outcome.applied?.backups ?? [],
          warnings: outcome.warnings,
          config: configChangesJson(configChanges),
          reload: reload.json,
        },
        text: [...lines, lockfileLine(outcome, dryRun), configChangesText(configChanges, dryRun), ...reload.lines, dryRun ? DRY_RUN_NOTE : ""].filter(Boolean).join("\n"),
        exitCode: reload.failed ? 1 : 0,
        preview: changePreview(planned, configChanges),
      };
    });
  },
};

function parseRockRequest(text: string): { name: ReturnType<typeof parseModuleName>; version: string | undefined } {
  const at = text.indexOf("@");
  const name = parseModuleName(at === -1 ? text : text.slice(0, at));
  const version = at === -1 ? undefined : text.slice(at + 1);
  if (version !== undefined && !ROCK_VERSION.test(version)) throw usageError(`invalid rock version '${version}' (expected like 3-1)`);
  return { name, version };
}
