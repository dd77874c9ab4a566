import { readCatalogue } from "../../app/catalogue-store.js";
import { inspectInstalled, unmanagedModules } from "../../app/installed.js";
import { Session } from "../../app/session.js";
import { readState } from "../../app/state-store.js";
import { installedRocks, rocksTarget } from "../../app/rocks-context.js";
import { describe } from "../../core/errors.js";
import { readRockRecords } from "../../app/model/rocks-records.js";
import type { CommandSpec } from "../command.js";
import { formatTable } from "../table.js";

interface ListRow {
  name: string;
  source: string;
  revision: string;
  stage: string;
  status: string;
  pinned: boolean;
  reason: string;
  path: string;
}

export const moduleList: CommandSpec = {
  path: ["module", "list"],
  summary: "list installed modules from both sources, with version and stage",
  description:
    "Lists what is installed: community modules recorded by prosody-manager (status ok, modified or missing when the\n" +
    "files no longer match), module directories in the community directory it did not install (unmanaged), and rocks\n" +
    "in the installer tree (source rocks, version from LuaRocks).",
  args: [],
  options: [],
  examples: ["prosody-manager module list", "prosody-manager module list --json"],
  async run(ctx) {
    const session = new Session(ctx);
    const communityDir = (await session.settings.communityDir()).value;
    const state = await readState(communityDir, ctx.log);
    const catalogue = await readCatalogue(session.settings.cacheDir).catch(() => undefined);
    const stages = new Map((catalogue?.community?.modules ?? []).map((module) => [module.name as string, module.stage]));
    const inspected = await inspectInstalled(state);
    const rows: ListRow[] = [...inspected.values()].map(({ record, status }) => ({
      name: record.name,
      source: "community",
      revision: record.revision.slice(0, 12),
      stage: stages.get(record.name) ?? "",
      status,
      pinned: record.pinned,
      reason: record.reason,
      path: record.path,
    }));
    for (const name of await unmanagedModules(communityDir, state)) {
      rows.push({ name, source: "unmanaged", revision: "", stage: stages.get(name) ?? "", status: "unmanaged", pinned: false, reason: "", path: `${communityDir}/${name}` });
    }
    const target = await rocksTarget(session);
    try {
      const records = await readRockRecords(target.tree);
      for (const rock of await installedRocks(target, ctx.env)) {
        const record = records.get(rock.name as never);
        const managed = record?.version === rock.version;
        rows.push({ name: rock.name, source: "rocks", revision: rock.version, stage: stages.get(rock.name) ?? "", status: managed ? "ok" : "unmanaged", pinned: managed && record.pinned, reason: managed ? record.reason : "", path: target.tree });
      }
    } catch (error) {
      ctx.log.warn(`rocks in ${target.tree} not listed: ${describe(error)}`);
    }
    rows.sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
    return {
      json: { communityDir, installerPath: target.tree, modules: rows.map((row) => ({ ...row })) },
      text:
        rows.length === 0
          ? `no modules installed in ${communityDir}`
          : formatTable(rows, [
              { header: "NAME", value: (row) => row.name },
              { header: "SOURCE", value: (row) => row.source },
              { header: "VERSION", value: (row) => `${row.revision || "-"}${row.pinned ? " (pinned)" : ""}` },
              { header: "STAGE", value: (row) => row.stage || "-" },
              { header: "STATUS", value: (row) => row.status + (row.reason === "dependency" ? " (dependency)" : "") },
            ]),
    };
  },
};
