import { installedRocks, rocksTarget } from "../../app/rocks-context.js";
import { serverRocks } from "../../app/rocks-server.js";
import { Session } from "../../app/session.js";
import { outdatedRocks } from "../../core/rocks-outdated.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleRocksOutdated: CommandSpec = {
  path: ["module", "rocks", "outdated"],
  summary: "rocks with a newer version on the server",
  description: "Compares the installed rocks ('luarocks list --porcelain') with the server's manifest, by LuaRocks' version order.",
  args: [],
  options: [],
  examples: ["prosody-manager module rocks outdated", "prosody-manager module rocks outdated --json"],
  async run(ctx) {
    const session = new Session(ctx, { showOnly: true });
    const target = await rocksTarget(session);
    const installed = await installedRocks(target, ctx.env);
    const outdated = outdatedRocks(installed, await serverRocks(target));
    return {
      json: { server: target.server, tree: target.tree, outdated: outdated.map((row) => ({ ...row })) },
      text: outdated.length === 0 ? "all rocks are up to date" : formatTable(outdated, [
        { header: "NAME", value: (row) => row.name },
        { header: "INSTALLED", value: (row) => row.installed },
        { header: "LATEST", value: (row) => row.latest },
      ]),
    };
  },
};
