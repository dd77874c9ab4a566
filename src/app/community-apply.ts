import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { InstallPlan } from "../core/install-plan.js";
import { updateState } from "../core/state.js";
import type { InstalledCommunityModule, ModuleName, StateFile } from "../core/types.js";
import { inTransaction } from "../system/dir-transaction.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { hashTree } from "../system/tree-hash.js";
import { archiveDirectory, resolveRevision } from "../sources/community/hg.js";
import { writeState } from "./state-store.js";

interface Staged {
  name: ModuleName;
  dir: string;
  record: InstalledCommunityModule;
}

export interface ApplyInput {
  repo: string;
  communityDir: string;
  plan: InstallPlan;
  state: StateFile;
  now: Date;
  /** Modules to remove in the same change (used by update and remove). */
  removals?: readonly ModuleName[];
}

/**
 * Exports every module to a staging directory beside its target first (the slow, failure-prone part), then swaps
 * them all in and writes the state; any failure puts back every directory and leaves the state file untouched.
 */
export async function applyCommunityChange(input: ApplyInput): Promise<InstalledCommunityModule[]> {
  const created = await fs.mkdir(input.communityDir, { recursive: true });
  const staging = siblingPath(path.join(input.communityDir, "staging"), "stage");
  await fs.mkdir(staging);
  let done = false;
  try {
    const staged: Staged[] = [];
    for (const step of input.plan.steps) {
      if (step.action === "keep") continue;
      staged.push(await stageModule(input, staging, step.name, step.revision, step));
    }
    const keptRecords = input.plan.steps.flatMap((step) => {
      if (step.action !== "keep") return [];
      const current = input.state.modules.find((module) => module.name === step.name);
      return current && current.reason !== step.reason ? [{ ...current, reason: step.reason }] : [];
    });
    await inTransaction(async (tx) => {
      for (const item of staged) await tx.put(path.join(input.communityDir, item.name), item.dir);
      for (const name of input.removals ?? []) {
        const target = path.join(input.communityDir, name);
        if (await exists(target)) await tx.remove(target);
      }
      const next = updateState(input.state, [...staged.map((item) => item.record), ...keptRecords], input.removals ?? []);
      await writeState(input.communityDir, next);
    });
    done = true;
    return staged.map((item) => item.record);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    // A failed first install leaves no empty community directory behind (rmdir refuses a non-empty one).
    if (!done && created !== undefined) await fs.rmdir(input.communityDir).catch(() => undefined);
  }
}

async function stageModule(
  input: ApplyInput,
  staging: string,
  name: ModuleName,
  revision: string,
  step: InstallPlan["steps"][number],
): Promise<Staged> {
  const resolved = await resolveRevision(input.repo, revision);
  if (!resolved) throw failure(`unknown revision '${revision}' in the community repository`, "see 'hg log' in the cache, or run 'prosody-manager module sync'");
  const dest = path.join(staging, name);
  // Only hg's "nothing matched" means absent: a full disk or a refused link must be reported as what it is.
  if ((await archiveDirectory(input.repo, resolved.node, name, dest)) === "absent") throw failure(`${name} does not exist at revision ${resolved.short}`);
  const dir = path.join(dest, name);
  return {
    name,
    dir,
    record: {
      name,
      source: "community",
      revision: resolved.short,
      pinned: step.pinned,
      treeHash: await hashTree(dir),
      reason: step.reason,
      installedAt: input.now.toISOString(),
      path: path.join(input.communityDir, name),
    },
  };
}
