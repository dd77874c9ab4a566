import type { ActualCommunityModule, ActualRock, ActualState } from "../../core/model/actual.js";
import type { ModuleName } from "../../core/types.js";
import { compareFiles } from "../../core/file-changes.js";
import { readRockManifest, rockFilesNow } from "../../sources/rocks/rock-manifest.js";
import { hashRock, readTreeRocks } from "../../sources/rocks/tree.js";
import type { Logger } from "../context.js";
import { inspectInstalled, unmanagedModules } from "../installed.js";
import type { DigestMemo } from "../../system/digest-memo.js";
import { readState } from "../state-store.js";
import { readRockRecords } from "./rocks-records.js";
import type { Targets } from "./targets.js";
import { phase } from "../../core/phase-trace.js";

/**
 * What is on disk now, in both sources: the one reader every command shares. `check(name)` says whose trees are
 * hashed to tell local changes (all by default); the others count as recorded, for reads that only ask what is there.
 * `memo`: digests remembered from earlier runs, for reads that only show status; a change always hashes.
 * `rockFiles`: each checked rock's files against its rock_manifest (fileChanges), which only changes and verify use.
 */
export async function readActualState(
  targets: Targets,
  log?: Logger,
  check: (name: ModuleName) => boolean = () => true,
  memo?: DigestMemo,
  rockFiles = true,
): Promise<ActualState> {
  const [community, rocks] = await Promise.all([actualCommunity(targets, check, log, memo), actualRocks(targets, check, memo, rockFiles)]);
  phase("installed state read");
  return { community, rocks };
}

async function actualCommunity(targets: Targets, check: (name: ModuleName) => boolean, log: Logger | undefined, memo: DigestMemo | undefined): Promise<Map<ModuleName, ActualCommunityModule>> {
  const state = await readState(targets.communityDir, log);
  const out = new Map<ModuleName, ActualCommunityModule>();
  for (const { record, status, currentHash } of (await inspectInstalled(state, check, memo)).values()) {
    out.set(record.name, {
      name: record.name,
      path: record.path,
      status,
      revision: record.revision,
      pinned: record.pinned,
      reason: record.reason,
      recordedHash: record.treeHash,
      currentHash,
    });
  }
  for (const name of await unmanagedModules(targets.communityDir, state)) {
    out.set(name as ModuleName, {
      name: name as ModuleName,
      path: `${targets.communityDir}/${name}`,
      status: "unmanaged",
      revision: undefined,
      pinned: false,
      reason: "requested",
      recordedHash: undefined,
      currentHash: undefined,
    });
  }
  return out;
}

async function actualRocks(targets: Targets, check: (name: ModuleName) => boolean, memo: DigestMemo | undefined, rockFiles: boolean): Promise<Map<ModuleName, ActualRock>> {
  const { tree, luaVersion } = targets.rocks;
  const [rocks, records] = await Promise.all([readTreeRocks(tree, luaVersion), readRockRecords(tree)]);
  const out = new Map<ModuleName, ActualRock>();
  await Promise.all(
    rocks.map(async (rock) => {
      const record = records.get(rock.name);
      const managed = record !== undefined && record.version === rock.version;
      // Unchecked, a recorded rock counts as installed as recorded; an unrecorded one is always hashed (nothing to go on).
      const checked = !managed || check(rock.name);
      const currentHash = checked ? await hashRock(tree, luaVersion, rock, memo) : record.treeHash;
      const recorded = checked && rockFiles ? await readRockManifest(tree, luaVersion, rock).catch(() => undefined) : undefined;
      const fileChanges = recorded ? compareFiles(recorded, await rockFilesNow(tree, luaVersion, rock, recorded, memo)) : undefined;
      out.set(rock.name, {
        name: rock.name,
        version: rock.version,
        requires: rock.requires,
        currentHash,
        managed,
        pinned: managed ? record.pinned : false,
        reason: managed ? record.reason : "requested",
        recordedHash: managed ? record.treeHash : undefined,
        status: !managed ? "unmanaged" : record.treeHash === currentHash ? "ok" : "modified",
        fileChanges,
      });
    }),
  );
  return out;
}
