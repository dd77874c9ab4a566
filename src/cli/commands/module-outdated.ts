import { Session } from "../../app/session.js";
import { outdatedModules } from "../../app/use-cases/outdated.js";
import { communityChangeCounts } from "../../app/outdated-changes.js";
import { rockVersionsAfter } from "../../core/changes.js";
import { copyRole } from "../../core/model/copies.js";
import { copiesJson, copyLabel } from "../copies-view.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleOutdated: CommandSpec = {
  path: ["module", "outdated"],
  summary: "installed modules from both sources with something newer in the synced catalogue",
  description:
    "Community modules whose newest revision in the synced cache differs from the installed one (pinned ones are\n" +
    "listed and marked), and rocks with a newer version in the synced manifest. Run 'module sync' first; 'module update'\n" +
    "applies what this lists (except pinned modules). CHANGES counts what an update brings; 'module changes <module>'\n" +
    "lists it. LOADED says whether Prosody loads the outdated copy or another one ('module info <module>' lists\n" +
    "every copy).",
  args: [],
  options: [],
  examples: ["prosody-manager module sync && prosody-manager module outdated", "prosody-manager module outdated --json"],
  async run(ctx) {
    const session = new Session(ctx, { showOnly: true });
    const result = await outdatedModules(session);
    // What an update would bring: changesets of the module's directory (community) or published versions (rocks).
    const counts = await communityChangeCounts(session, result.rows.filter((row) => row.source === "community").map((row) => ({ name: row.name, revision: row.installed })));
    const rows = result.rows.map(({ copies, copy, ...row }) => ({
      ...row,
      copies,
      loaded: copies && copy ? copyRole(copies, copy) === "loaded" : false,
      changes: row.source === "community" ? (counts.get(row.name) ?? null) : rockVersionsAfter(result.rockVersions.get(row.name) ?? [], row.installed).length,
    }));
    return {
      json: { communityRevision: result.communityRevision ?? null, rocksFetchedAt: result.rocksFetchedAt ?? null, outdated: rows.map(({ copies, ...row }) => ({ ...row, ...copiesJson(copies) })) },
      text:
        rows.length === 0
          ? `everything is up to date (as of the sync at ${result.syncedAt})`
          : formatTable(rows, [
              { header: "NAME", value: (row) => row.name },
              { header: "SOURCE", value: (row) => row.source },
              { header: "INSTALLED", value: (row) => `${row.installed}${row.pinned ? " (pinned)" : ""}` },
              { header: "LATEST", value: (row) => row.latest },
              { header: "LOADED", value: (row) => (row.loaded ? "yes" : `no, Prosody loads ${row.copies?.loaded ? copyLabel(row.copies.loaded) : "nothing"}`) },
              { header: "CHANGES", value: (row) => (row.changes === null ? "-" : `${row.changes} ${row.source === "rocks" ? "version" : "changeset"}${row.changes === 1 ? "" : "s"}`) },
            ]),
    };
  },
};
