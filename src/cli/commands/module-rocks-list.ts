import { type InstalledRock, installedRocks, rocksTarget } from "../../app/rocks-context.js";
import { Session } from "../../app/session.js";
import type { CommandSpec, JsonObject } from "../command.js";
import { formatTable } from "../table.js";

export const moduleRocksList: CommandSpec = {
  path: ["module", "rocks", "list"],
  summary: "list rocks installed in the installer tree",
  description: "Lists the LuaRocks tree Prosody loads rocks from (installer_plugin_path), from the tree's own manifest (what 'luarocks list' reads).",
  args: [],
  options: [],
  examples: ["prosody-manager module rocks list", "prosody-manager --installer-path /var/lib/prosody/custom_plugins module rocks list --json"],
  async run(ctx) {
    const session = new Session(ctx, { showOnly: true });
    const target = await rocksTarget(session);
    const rocks = await installedRocks(target, ctx.env);
    return {
      json: { tree: target.tree, rocks: rockRowsJson(rocks) },
      text: rocks.length === 0 ? `no rocks installed in ${target.tree}` : formatTable(rocks, [
        { header: "NAME", value: (rock) => rock.name },
        { header: "VERSION", value: (rock) => rock.version },
      ]),
    };
  },
};

export function rockRowsJson(rocks: readonly InstalledRock[]): JsonObject[] {
  return rocks.map((rock) => ({ name: rock.name, version: rock.version, source: "rocks" }));
}
