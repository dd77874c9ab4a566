import { Session } from "../../app/session.js";
import { verifyInstalled } from "../../app/use-cases/verify.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

export const moduleVerify: CommandSpec = {
  path: ["module", "verify"],
  summary: "check installed modules (both sources) against the sha256 recorded at install",
  description:
    "Hashes every module prosody-manager installed, community modules and rocks, and compares it with what was recorded:\n" +
    "a file edited, added or deleted by hand shows as modified, with each file named (community: against the recorded\n" +
    "revision in the cache; rocks: against the md5 sums in LuaRocks' rock_manifest, paths relative to the tree), a\n" +
    "deleted module as missing. Exits 1 when any differs; 'module apply' (or 'module install --force') restores them.",
  args: [],
  options: [],
  examples: ["prosody-manager module verify", "prosody-manager module verify --json"],
  async run(ctx) {
    const { modules, communityDir } = await verifyInstalled(new Session(ctx));
    const bad = modules.filter((item) => item.status !== "ok");
    const details = bad.flatMap((item) => [
      ...item.modified.map((file) => `  ${item.name}: modified ${file}`),
      ...item.added.map((file) => `  ${item.name}: added ${file}`),
      ...item.removed.map((file) => `  ${item.name}: removed ${file}`),
    ]);
    return {
      json: { communityDir, ok: bad.length === 0, modules: modules.map((item) => ({ ...item })) },
      text:
        modules.length === 0
          ? `nothing installed by prosody-manager in ${communityDir}`
          : [
              formatTable(modules, [
                { header: "NAME", value: (item) => item.name },
                { header: "SOURCE", value: (item) => item.source },
                { header: "STATUS", value: (item) => item.status },
                { header: "VERSION", value: (item) => (item.source === "community" ? item.revision.slice(0, 12) : item.revision) },
              ]),
              ...details,
            ].join("\n"),
      exitCode: bad.length > 0 ? 1 : 0,
    };
  },
};
