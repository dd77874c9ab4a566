import { Session } from "../../app/session.js";
import { listInstalled } from "../../app/use-cases/list.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleList: CommandSpec = {
  path: ["module", "list"],
  summary: "list installed modules from both sources, with version and stage",
  description:
    "Lists every copy of every installed module: community modules recorded by prosody-manager (status ok, modified\n" +
    "or missing when the files no longer match), module directories it did not install in any plugin_paths entry\n" +
    "(unmanaged), rocks in the installer tree, read from the tree's own manifest (unmanaged when prosodyctl or LuaRocks\n" +
    "installed them), and the built-in module when another copy shadows it. LOADS says which copy Prosody loads: it\n" +
    "searches the installer tree, then plugin_paths in order, then its own modules.",
  args: [],
  options: [],
  examples: ["prosody-manager module list", "prosody-manager module list --json"],
  async run(ctx) {
    const { rows, communityDir, tree } = await listInstalled(new Session(ctx, { showOnly: true }));
    return {
      json: { communityDir, installerPath: tree, modules: rows.map((row) => ({ ...row, stage: row.stage ?? "", reason: row.reason ?? "", file: row.file ?? null, loaded: row.role === "loaded" })) },
      text:
        rows.length === 0
          ? `no modules installed in ${communityDir} or ${tree}`
          : formatTable(rows, [
              { header: "NAME", value: (row) => row.name },
              { header: "SOURCE", value: (row) => row.source },
              { header: "VERSION", value: (row) => `${row.revision || "-"}${row.pinned ? " (pinned)" : ""}` },
              { header: "STAGE", value: (row) => row.stage ?? "-" },
              { header: "STATUS", value: (row) => row.status + (row.reason === "dependency" ? " (dependency)" : "") },
              { header: "LOADS", value: (row) => (row.role === "loaded" ? "yes" : row.role === "shadowed" ? "no, shadowed" : "no, no file") },
              { header: "PATH", value: (row) => row.file ?? row.path },
            ]),
    };
  },
};
