import { readSearchCatalogue } from "../../app/catalogue-store.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { catalogueEntries, searchCatalogue, type CatalogueEntry } from "../../core/search.js";
import { arg, type CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleSearch: CommandSpec = {
  path: ["module", "search"],
  summary: "search both sources by name and summary",
  description:
    "Case-insensitive search of module names and summaries in the catalogue, best matches first: exact name,\n" +
    "name prefix, name containing the words, then summary. Syncs first when there is no catalogue yet.",
  args: [arg("query", "words to look for", "variadic")],
  options: [],
  examples: ["prosody-manager module search muc", "prosody-manager module search push notifications", "prosody-manager module search upload --json"],
  async run(ctx, input) {
    const query = input.args.join(" ");
    const session = new Session(ctx);
    const catalogue = (await readSearchCatalogue(session.settings.cacheDir)) ?? (await session.catalogue());
    const state = await readState((await session.settings.communityDir()).value).catch(() => undefined);
    const installed = new Set(state?.modules.map((module) => module.name));
    const hits = searchCatalogue(catalogueEntries(catalogue).values(), query);
    const rows = hits.map((hit) => ({ entry: hit.entry, match: hit.match, installed: installed.has(hit.entry.name) }));
    return {
      json: {
        query,
        results: rows.map((row) => ({
          name: row.entry.name,
          summary: row.entry.community?.summary ?? null,
          stage: row.entry.community?.stage ?? null,
          sources: sourcesOf(row.entry),
          rockVersions: row.entry.rock?.versions ?? [],
          communityRevision: row.entry.community?.revision ?? null,
          installed: row.installed,
          match: row.match,
        })),
      },
      text:
        rows.length === 0
          ? `no module matches '${query}'`
          : formatTable(rows, [
              { header: "NAME", value: (row) => `${row.installed ? "*" : " "} ${row.entry.name}` },
              { header: "STAGE", value: (row) => row.entry.community?.stage ?? "-" },
              { header: "SOURCES", value: (row) => sourcesOf(row.entry).join(",") },
              { header: "SUMMARY", value: (row) => row.entry.community?.summary ?? "", maxWidth: 70 },
            ]) + `${rows.length} module(s); * = installed`,
    };
  },
};

export function sourcesOf(entry: CatalogueEntry): string[] {
  const out: string[] = [];
  if (entry.rock) out.push("rocks");
  if (entry.community) out.push("community");
  return out;
}
