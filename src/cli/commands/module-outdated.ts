import { Session } from "../../app/session.js";
import { outdatedModules } from "../../app/use-cases/outdated.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleOutdated: CommandSpec = {
  path: ["module", "outdated"],
  summary: "installed modules from both sources with something newer in the synced catalogue",
  description:
    "Community modules whose newest revision in the synced cache differs from the installed one (pinned ones are\n" +
    "listed and marked), and rocks with a newer version in the synced manifest. Run 'module sync' first; 'module update'\n" +
    "applies what this lists (except pinned modules).",
  args: [],
  options: [],
  examples: ["prosody-manager module sync && prosody-manager module outdated", "prosody-manager module outdated --json"],
  async run(ctx) {
    const result = await outdatedModules(new Session(ctx));
    return {
      json: { communityRevision: result.communityRevision ?? null, rocksFetchedAt: result.rocksFetchedAt ?? null, outdated: result.rows.map((row) => ({ ...row })) },
      text:
        result.rows.length === 0
          ? `everything is up to date (as of the sync at ${result.builtAt})`
          : formatTable(result.rows, [
              { header: "NAME", value: (row) => row.name },
              { header: "SOURCE", value: (row) => row.source },
              { header: "INSTALLED", value: (row) => `${row.installed}${row.pinned ? " (pinned)" : ""}` },
              { header: "LATEST", value: (row) => row.latest },
            ]),
    };
  },
};
