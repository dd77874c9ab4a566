import { requireLuaRocks, rocksTarget, serverRocks } from "../../app/rocks-context.js";
import { shareTreeWithProsody, withTreeBackup } from "../../app/rocks-tree.js";
import { configChangesJson, configChangesText, configureAfterInstall } from "../../app/config-integration.js";
import { CONFIG_OPTIONS, configRequest } from "../config-options.js";
import { scopeFromOptions } from "../../app/enablement.js";
import { Session } from "../../app/session.js";
import { UserError, usageError } from "../../core/errors.js";
import { unknownModule } from "../../core/install-plan.js";
import { parseModuleName } from "../../core/names.js";
import { ROCK_VERSION } from "../../core/rock-version.js";
import type { ModuleName } from "../../core/types.js";
import { installRock, listRocks } from "../../sources/rocks/luarocks.js";
import { failure } from "../../core/errors.js";
import { arg, stringOption, type CommandResult, type CommandSpec } from "../command.js";
import { rockRowsJson } from "./module-rocks-list.js";
import { progressFor } from "../../app/progress.js";

interface RockRequest {
  name: ModuleName;
  version: string | undefined;
}

export const moduleRocksInstall: CommandSpec = {
  path: ["module", "rocks", "install"],
  summary: "install rocks with LuaRocks (dependencies included)",
  description:
    "Runs the real LuaRocks exactly as 'prosodyctl install' does:\n" +
    "  luarocks --lua-version=<Prosody's Lua> --tree=<installer_plugin_path> --server=<plugin_server> install mod_x\n" +
    "LuaRocks installs the dependencies. The tree is copied aside first and put back if anything fails.",
  args: [arg("modules", "rock names, optionally name@version (e.g. mod_pastebin@2-1)", "variadic")],
  options: [...CONFIG_OPTIONS],
  examples: [
    "prosody-manager module rocks install mod_cloud_notify",
    "prosody-manager module rocks install mod_sasl2_fast            # also installs mod_sasl2",
    "prosody-manager module rocks install mod_pastebin@2-1 --dry-run",
    "prosody-manager --rocks-server http://127.0.0.1:8080/ --installer-path /tmp/tree module rocks install pastebin",
  ],
  async run(ctx, input) {
    const requests = input.args.map(parseRockRequest);
    scopeFromOptions(stringOption(input.options, "host"), stringOption(input.options, "component"));
    const session = new Session(ctx);
    return session.withLock(async (): Promise<CommandResult> => {
      const target = await rocksTarget(session);
      await requireLuaRocks(ctx.env);
      const available = new Map((await serverRocks(target)).map((rock) => [rock.name, rock]));
      for (const request of requests) {
        const rock = available.get(request.name);
        if (!rock) {
          const suggestion = unknownModule(request.name, available.keys());
          throw failure(`no rock ${request.name} on ${target.server}`, suggestion instanceof UserError ? suggestion.hint : undefined);
        }
        if (request.version && !rock.versions.includes(request.version)) {
          throw failure(`${request.name} has no version ${request.version} on ${target.server}`, `available: ${rock.versions.join(", ")}`);
        }
      }
      const plan = requests.map((request) => ({ name: request.name, version: request.version ?? available.get(request.name)?.versions[0] ?? "" }));
      if (ctx.flags.dryRun) {
        const configChanges = await configureAfterInstall(session, "rocks", plan.map((item) => item.name), configRequest(input.options));
        return {
          json: { dryRun: true, server: target.server, tree: target.tree, rocks: plan.map((item) => ({ name: item.name, version: item.version })), config: configChangesJson(configChanges) },
          text: [...plan.map((item) => `would install ${item.name} ${item.version} (and its dependencies)`), configChangesText(configChanges, true), "(dry run: nothing was changed)"].filter(Boolean).join("\n"),
        };
      }
      const before = await listRocks(target, ctx.env).catch(() => []);
      await withTreeBackup(target.tree, async () => {
        for (const [index, item] of plan.entries()) {
          ctx.log.info(`Installing ${item.name} ${item.version} from ${target.server} ...`);
          const phase = progressFor(ctx).start(`luarocks installing ${item.name} ${item.version}${plan.length > 1 ? ` (${index + 1}/${plan.length})` : ""}`);
          await installRock(target, item.name, item.version, ctx.env).finally(() => phase.end());
        }
      });
      const shared = await shareTreeWithProsody(target.tree);
      const after = await listRocks(target, ctx.env);
      const added = after.filter((rock) => !before.some((old) => old.name === rock.name && old.version === rock.version));
      const configChanges = await configureAfterInstall(session, "rocks", plan.map((item) => item.name), configRequest(input.options));
      return {
        json: { dryRun: false, server: target.server, tree: target.tree, installed: rockRowsJson(added), sharedWithProsody: shared, config: configChangesJson(configChanges) },
        text: [`${added.map((rock) => `installed ${rock.name} ${rock.version}`).join("\n") || "nothing new: already installed"}`, `into ${target.tree}`, configChangesText(configChanges, false)].filter(Boolean).join("\n"),
      };
    });
  },
};

function parseRockRequest(text: string): RockRequest {
  const at = text.indexOf("@");
  const name = parseModuleName(at === -1 ? text : text.slice(0, at));
  const version = at === -1 ? undefined : text.slice(at + 1);
  if (version !== undefined && !ROCK_VERSION.test(version)) throw usageError(`invalid rock version '${version}' (expected like 3-1)`);
  return { name, version };
}
