import { Session } from "../../app/session.js";
import { listInstalled } from "../../app/use-cases/list.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleList: CommandSpec = {
  path: ["module", "list"],
  summary: "list installed modules from both sources, with version and stage",
  description:
    "Lists what is installed: community modules recorded by prosody-manager (status ok, modified or missing when the\n" +
    "files no longer match), module directories in the community directory it did not install (unmanaged), and rocks\n" +
    "in the installer tree, read from the tree's own manifest (unmanaged when prosodyctl or LuaRocks installed them).",
  args: [],
  options: [],
  examples: ["prosody-manager module list", "prosody-manager module list --json"],
  async run(ctx) {
    const { rows, communityDir, tree } = await listInstalled(new Session(ctx));
    return {
      json: { communityDir, installerPath: tree, modules: rows.map((row) => ({ ...row, stage: row.stage ?? "", reason: row.reason ?? "" })) },
      text:
        rows.length === 0
          ? `no modules installed in ${communityDir} or ${tree}`
          : formatTable(rows, [
              { header: "NAME", value: (row) => row.name },
              { header: "SOURCE", value: (row) => row.source },
              { header: "VERSION", value: (row) => `${row.revision || "-"}${row.pinned ? " (pinned)" : ""}` },
              { header: "STAGE", value: (row) => row.stage ?? "-" },
              { header: "STATUS", value: (row) => row.status + (row.reason === "dependency" ? " (dependency)" : "") },
            ]),
    };
  },
};
