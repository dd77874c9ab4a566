import { readCatalogue } from "../../app/catalogue-store.js";
import { inspectInstalled } from "../../app/installed.js";
import { installedRocks, rocksTarget } from "../../app/rocks-context.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { failure } from "../../core/errors.js";
import { outdatedRocks } from "../../core/rocks-outdated.js";
import { communityChangeCounts } from "../../app/outdated-changes.js";
import { rockVersionsAfter } from "../../core/changes.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

interface OutdatedRow {
  name: string;
  source: "community" | "rocks";
  installed: string;
  latest: string;
  pinned: boolean;
  /** Changesets of the module's directory (community) or published versions (rocks) an update would bring. */
  changes: number | null;
}

export const moduleOutdated: CommandSpec = {
  path: ["module", "outdated"],
  summary: "installed modules from both sources with something newer in the synced catalogue",
  description:
    "Community modules whose newest revision in the synced cache differs from the installed one (pinned ones are\n" +
    "listed and marked), and rocks with a newer version in the synced manifest. Run 'module sync' first; 'module update'\n" +
    "applies what this lists (except pinned modules). CHANGES counts what an update brings; 'module changes <module>'\n" +
    "lists it.",
  args: [],
  options: [],
  examples: ["prosody-manager module sync && prosody-manager module outdated", "prosody-manager module outdated --json"],
  async run(ctx) {
    const session = new Session(ctx);
    const catalogue = await readCatalogue(session.settings.cacheDir);
    if (!catalogue) throw failure("no catalogue yet", "run 'prosody-manager module sync' first");
    const newest = new Map((catalogue.community?.modules ?? []).map((module) => [module.name as string, module.revision]));
    const state = await readState((await session.settings.communityDir()).value, ctx.log);
    const rows: OutdatedRow[] = [];
    for (const { record } of (await inspectInstalled(state)).values()) {
      const latest = newest.get(record.name);
      if (latest && latest !== record.revision) rows.push({ name: record.name, source: "community", installed: record.revision, latest, pinned: record.pinned, changes: null });
    }
    const counts = await communityChangeCounts(session, rows.map((row) => ({ name: row.name, revision: row.installed })));
    for (const row of rows) row.changes = counts.get(row.name) ?? null;
    const published = new Map((catalogue.rocks?.modules ?? []).map((rock) => [rock.name as string, rock.versions]));
    const target = await rocksTarget(session);
    for (const rock of outdatedRocks(await installedRocks(target, ctx.env), catalogue.rocks?.modules ?? [])) {
      rows.push({ name: rock.name, source: "rocks", installed: rock.installed, latest: rock.latest, pinned: false, changes: rockVersionsAfter(published.get(rock.name) ?? [], rock.installed).length });
    }
    rows.sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
    return {
      json: { communityRevision: catalogue.community?.revision ?? null, rocksFetchedAt: catalogue.rocks?.fetchedAt ?? null, outdated: rows.map((row) => ({ ...row })) },
      text: rows.length === 0 ? `everything is up to date (as of the sync at ${catalogue.builtAt})` : formatTable(rows, [
        { header: "NAME", value: (row) => row.name },
        { header: "SOURCE", value: (row) => row.source },
        { header: "INSTALLED", value: (row) => `${row.installed}${row.pinned ? " (pinned)" : ""}` },
        { header: "LATEST", value: (row) => row.latest },
        { header: "CHANGES", value: (row) => (row.changes === null ? "-" : `${row.changes} ${row.source === "rocks" ? "version" : "changeset"}${row.changes === 1 ? "" : "s"}`) },
      ]),
    };
  },
};
