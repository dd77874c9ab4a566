import { loadModuleChanges } from "../../app/module-history.js";
import { Session } from "../../app/session.js";
import { totalStat } from "../../core/changes.js";
import { parseModuleName } from "../../core/names.js";
import { parseRevision } from "../../core/revision.js";
import { changesetJson, day } from "../changeset-view.js";
import { arg, flagOption, stringOption, type CommandSpec } from "../command.js";
import { colourDiff } from "../diff-colour.js";

export const moduleChanges: CommandSpec = {
  path: ["module", "changes"],
  summary: "what an update would bring: the changesets of a module since the installed revision",
  description:
    "The changesets that touched the module's directory after the installed revision (or --from REV), up to the " +
    "newest one in the synced cache, with date, author, summary and a diff stat; --diff adds the patch. For a module " +
    "installed as a rock: the newer published versions and the changesets they were built from. Run 'module sync' first.",
  args: [arg("module", "module name")],
  options: [
    { flags: "--from <rev>", description: "start after this revision instead of the installed one" },
    { flags: "--diff", description: "show the patch of each changeset" },
  ],
  examples: [
    "prosody-manager module changes mod_pastebin",
    "prosody-manager module changes pastebin --from 580dda91e6d8 --diff",
    "prosody-manager module changes mod_cloud_notify --json",
  ],
  async run(ctx, input) {
    const name = parseModuleName(input.args[0] ?? "");
    const fromOption = stringOption(input.options, "from");
    const from = fromOption === undefined ? undefined : parseRevision(fromOption);
    const diff = flagOption(input.options, "diff");
    const changes = await loadModuleChanges(new Session(ctx), name, { from, diff });
    const total = totalStat(changes.changesets);
    const json = {
      name,
      from: { revision: changes.from.revision, origin: changes.from.origin },
      to: changes.tip,
      rock: changes.rock ? { installed: changes.rock.installed, newer: changes.rock.newer } : null,
      changesets: changes.changesets.map(changesetJson),
      total,
    };
    const origin = changes.from.origin === "installed" ? " (installed)" : changes.from.origin === "rock" ? " (installed rock)" : "";
    const lines: string[] = [];
    if (changes.rock) {
      lines.push(changes.rock.newer.length === 0
        ? `${name}: rock ${changes.rock.installed} is the newest published version`
        : `${name}: rock ${changes.rock.installed} installed; newer: ${changes.rock.newer.join(", ")}`);
    }
    if (changes.changesets.length === 0) {
      lines.push(`${name}: no changes from ${changes.from.revision}${origin} to ${changes.tip}`);
    } else {
      lines.push(`${name}: ${changes.changesets.length} changeset(s) from ${changes.from.revision}${origin} to ${changes.tip}`, "");
      for (const changeset of changes.changesets) {
        const rock = changeset.rockVersion ? ` [rock ${changeset.rockVersion}]` : "";
        lines.push(`${changeset.short}  ${day(changeset.date)}  ${changeset.author}${rock}`, `    ${changeset.summary}`);
        for (const file of changeset.files) lines.push(`    ${file.path} | ${file.changes} ${file.graph}`.trimEnd());
        if (changeset.diff) lines.push("", colourDiff(ctx, changeset.diff.trimEnd()));
        lines.push("");
      }
      lines.push(`${total.files} file(s) changed, ${total.insertions} insertion(s)(+), ${total.deletions} deletion(s)(-)`);
    }
    return { json, text: lines.join("\n") };
  },
};
