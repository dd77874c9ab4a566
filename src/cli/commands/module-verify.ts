import { inspectInstalled } from "../../app/installed.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleVerify: CommandSpec = {
  path: ["module", "verify"],
  summary: "check installed community modules against the sha256 recorded at install",
  description:
    "Hashes every community module prosody-manager installed and compares it with the state file: a file edited,\n" +
    "added or deleted by hand shows as modified, a deleted module as missing. Exits 1 when any differs;\n" +
    "'module update' (or 'module install --force') restores them.",
  args: [],
  options: [],
  examples: ["prosody-manager module verify", "prosody-manager module verify --json"],
  async run(ctx) {
    const session = new Session(ctx);
    const communityDir = (await session.settings.communityDir()).value;
    const inspected = [...(await inspectInstalled(await readState(communityDir, ctx.log))).values()].sort((a, b) => a.record.name.localeCompare(b.record.name));
    const bad = inspected.filter((item) => item.status !== "ok");
    return {
      json: { communityDir, ok: bad.length === 0, modules: inspected.map((item) => ({ name: item.record.name, status: item.status, revision: item.record.revision, treeHash: item.record.treeHash })) },
      text: inspected.length === 0 ? `nothing installed by prosody-manager in ${communityDir}` : formatTable(inspected, [
        { header: "NAME", value: (item) => item.record.name },
        { header: "STATUS", value: (item) => item.status },
        { header: "REVISION", value: (item) => item.record.revision },
      ]),
      exitCode: bad.length > 0 ? 1 : 0,
    };
  },
};
