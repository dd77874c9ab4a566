import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../core/errors.js";
import type { InstallPlan } from "../core/install-plan.js";
import { updateState } from "../core/state.js";
import type { InstalledCommunityModule, ModuleName, StateFile } from "../core/types.js";
import { inTransaction } from "../system/dir-transaction.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { hashTree } from "../system/tree-hash.js";
import { type CatalogueTip, type Exported, exportModules } from "./community-export.js";
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
  /** Lets modules at their newest revision share one export at the catalogue's tip. */
  catalogueTip?: CatalogueTip;
}

/**
 * Exports every module to a staging directory beside its target first (the slow, failure-prone part), then swaps
 * them all in and writes the state; any failure puts back every directory and leaves the state file untouched.
 */
export async function applyCommunityChange(input: ApplyInput): Promise<InstalledCommunityModule[]> {
  await fs.mkdir(input.communityDir, { recursive: true });
  const staging = siblingPath(path.join(input.communityDir, "staging"), "stage");
  await fs.mkdir(staging);
  try {
    const changing = input.plan.steps.filter((step) => step.action !== "keep");
    const exported = await exportModules(input.repo, staging, changing, input.catalogueTip);
    const staged: Staged[] = [];
    for (const step of changing) staged.push(await stageModule(input, exported, step));
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
    return staged.map((item) => item.record);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function stageModule(input: ApplyInput, exported: ReadonlyMap<ModuleName, Exported>, step: InstallPlan["steps"][number]): Promise<Staged> {
  const { name } = step;
  const made = exported.get(name);
  if (!made) throw failure(`${name} was not exported`);
  return {
    name,
    dir: made.dir,
    record: {
      name,
      source: "community",
      revision: made.short,
      pinned: step.pinned,
      treeHash: await hashTree(made.dir),
      reason: step.reason,
      installedAt: input.now.toISOString(),
      path: path.join(input.communityDir, name),
    },
  };
}
