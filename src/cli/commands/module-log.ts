import { loadModuleHistory } from "../../app/module-history.js";
import { Session } from "../../app/session.js";
import { usageError } from "../../core/errors.js";
import { parseModuleName } from "../../core/names.js";
import { changesetJson, day } from "../changeset-view.js";
import { arg, stringOption, type CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleLogCommand: CommandSpec = {
  path: ["module", "log"],
  summary: "a module's history in the synced cache, to pick a revision to install or pin",
  description:
    "Every changeset that touched the module's directory, newest first: revision, date, author, the rock version " +
    "built from it, and summary. The installed revision is marked with *. Install one with " +
    "'module install mod_x@REV'.",
  args: [arg("module", "module name")],
  options: [{ flags: "--limit <n>", description: "only the newest n changesets" }],
  examples: ["prosody-manager module log mod_pastebin", "prosody-manager module log pastebin --limit 5 --json"],
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const limitText = stringOption(input.options, "limit");
    if (limitText !== undefined && !/^[1-9][0-9]{0,5}$/.test(limitText)) throw usageError(`--limit wants a positive number, not '${limitText}'`);
    const history = await loadModuleHistory(new Session(ctx), name, limitText === undefined ? undefined : Number(limitText));
    return {
      json: {
        name,
        tip: history.tip,
        installed: history.installed ? { source: history.installed.source, revision: history.installed.revision } : null,
        changesets: history.changesets.map(changesetJson),
      },
      text: formatTable(history.changesets, [
        { header: "REVISION", value: (row) => `${row.installed ? "*" : " "} ${row.short}` },
        { header: "DATE", value: (row) => day(row.date) },
        { header: "AUTHOR", value: (row) => row.author },
        { header: "ROCK", value: (row) => row.rockVersion ?? "-" },
        { header: "SUMMARY", value: (row) => row.summary, maxWidth: 70 },
      ]) + `${history.changesets.length} changeset(s)${history.installed ? `; * = installed (${history.installed.revision})` : ""}`,
    };
  },
};
