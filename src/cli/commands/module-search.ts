import { readCatalogueLookup } from "../../app/catalogue-store.js";
import { readModuleCopies } from "../../app/module-copies.js";
import { Session } from "../../app/session.js";
import type { ModuleCopies } from "../../core/model/copies.js";
import { usageError } from "../../core/errors.js";
import { lookupOf } from "../../core/catalogue-lookup.js";
import { parseStage, queryWords, searchCatalogue, type SearchFilters } from "../../core/search.js";
import { STAGES, type Source } from "../../core/types.js";
import { sourcesOf } from "../catalogue-view.js";
import { copiesJson, copyLabel } from "../copies-view.js";
import { arg, flagOption, stringOption, type CommandSpec, type OptionValues } from "../command.js";
import { formatTable } from "../table.js";

export const moduleSearch: CommandSpec = {
  path: ["module", "search"],
  summary: "search both sources by name and summary",
  description:
    "Case-insensitive search of module names and summaries in the catalogue: a module matches when every word is in " +
    "its name or its summary. Best matches first: the words are the name (http upload → mod_http_upload), the name " +
    "starts with them, every word is in the name, then the rest. Syncs first when there is no catalogue yet.",
  args: [arg("words", "words to look for (all must match)", "optional-variadic")],
  options: [
    { flags: "--stage <stage>", description: `only modules at this stage (${STAGES.join(", ").toLowerCase()})` },
    { flags: "--source <source>", description: "only modules offered by this source: community or rocks" },
    { flags: "--installed", description: "only installed modules (either source)" },
  ],
  examples: [
    "prosody-manager module search muc",
    "prosody-manager module search http upload",
    "prosody-manager module search push --stage beta --source rocks",
    "prosody-manager module search --installed --json",
  ],
  async run(ctx, input) {
    const words = queryWords(input.args);
    const query = words.join(" ");
    const session = new Session(ctx, { showOnly: true });
    const filters = parseFilters(input.options);
    // The search view when there is one: search parses only the lines that hold its words, never the whole catalogue.
    const catalogue = (await readCatalogueLookup(session.settings.cacheDir)) ?? lookupOf(await session.catalogue());
    const matching = searchCatalogue(catalogue.candidates(words), words, filters);
    // Every copy of the modules that match (built-in ones too), and what else is installed: not of all thousands.
    const view = await readModuleCopies(session, { names: matching.map((hit) => hit.entry.name), check: false });
    const installed = new Map<string, Source[]>();
    for (const [name, copies] of view.modules) {
      const sources = installedFrom(copies);
      if (sources.length > 0) installed.set(name, sources);
    }
    const hits = flagOption(input.options, "installed") ? matching.filter((hit) => installed.has(hit.entry.name)) : matching;
    const rows = hits.map((hit) => ({ entry: hit.entry, match: hit.match, installed: installed.get(hit.entry.name) ?? [], copies: view.modules.get(hit.entry.name) }));
    return {
      // Made only for --json: the table alone is what most runs print.
      json: () => ({
        query,
        words,
        filters: { stage: filters.stage ?? null, source: filters.source ?? null, installed: flagOption(input.options, "installed") },
        results: rows.map((row) => ({
          name: row.entry.name,
          summary: row.entry.community?.summary ?? null,
          stage: row.entry.community?.stage ?? null,
          sources: sourcesOf(row.entry),
          rockVersions: row.entry.rock?.versions ?? [],
          communityRevision: row.entry.community?.revision ?? null,
          installed: row.installed.length > 0,
          installedFrom: row.installed,
          ...copiesJson(row.copies),
          match: row.match,
        })),
      }),
      text:
        rows.length === 0
          ? `no module matches '${query}'${describeFilters(input.options)}`
          : formatTable(rows, [
              { header: "NAME", value: (row) => `${row.installed.length > 0 ? "*" : " "} ${row.entry.name}` },
              { header: "STAGE", value: (row) => row.entry.community?.stage ?? "-" },
              { header: "SOURCES", value: (row) => sourcesOf(row.entry).join(",") },
              { header: "LOADS", value: (row) => (row.copies?.loaded ? copyLabel(row.copies.loaded) : "-") },
              { header: "SUMMARY", value: (row) => row.entry.community?.summary ?? "", maxWidth: 70 },
            ]) + `${rows.length} module(s); * = installed; LOADS = the copy Prosody loads ('module info <module>' lists every copy)`,
    };
  },
};

/** The sources a module is installed from (a hand-made copy counts as community); built-in is not installed. */
function installedFrom(copies: ModuleCopies): Source[] {
  let community = false;
  let rocks = false;
  for (const copy of copies.copies) {
    if (copy.source === "community") community = true;
    else if (copy.source === "rocks") rocks = true;
  }
  return community ? (rocks ? ["community", "rocks"] : ["community"]) : rocks ? ["rocks"] : [];
}

function parseFilters(options: OptionValues): Omit<SearchFilters, "installed"> {
  const stageText = stringOption(options, "stage");
  const sourceText = stringOption(options, "source");
  const stage = stageText === undefined ? undefined : parseStage(stageText);
  if (stageText !== undefined && !stage) throw usageError(`unknown stage '${stageText}'`, `stages: ${STAGES.join(", ").toLowerCase()}`);
  if (sourceText !== undefined && sourceText !== "community" && sourceText !== "rocks") {
    throw usageError(`unknown source '${sourceText}'`, "sources: community, rocks");
  }
  return { stage, source: sourceText as Source | undefined };
}

function describeFilters(options: OptionValues): string {
  const parts = [stringOption(options, "stage"), stringOption(options, "source"), flagOption(options, "installed") ? "installed" : undefined].filter(Boolean);
  return parts.length > 0 ? ` (filters: ${parts.join(", ")})` : "";
}
