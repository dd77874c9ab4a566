import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import type { ParentContent } from "../../core/model/parent-content.js";
import { type PlanStep, short } from "../../core/model/plan.js";
import { archiveModules, refreshDirstate } from "../../sources/community/hg.js";
import { cleanTrackedFiles, readTrackedTree, type TrackedTree } from "../../sources/community/working-copy.js";
import { hashTree } from "../../system/tree-hash.js";

export interface StagedModule {
  step: PlanStep;
  dir: string;
  treeHash: string;
}

/**
 * Writes every module a plan installs below `staging`. A module whose content at its revision is known to be the
 * working copy's (`atParent`), and whose tracked files there are clean, is copied from the cache's working copy with
 * no hg run; the rest are archived, one hg run per distinct revision. Either way every tree is mode-normalised,
 * hashed and checked against the hash the lockfile expects.
 */
export async function stageCommunity(steps: readonly PlanStep[], repo: string, staging: string, atParent?: ParentContent): Promise<StagedModule[]> {
  const installs = steps.filter((step): step is PlanStep & { to: string } => step.action !== "remove" && step.to !== undefined);
  const copied = await copyFromWorkingCopy(installs, repo, path.join(staging, "wc"), atParent);
  const byRevision = new Map<string, PlanStep[]>();
  for (const step of installs) {
    if (copied.has(step.name)) continue;
    byRevision.set(step.to, [...(byRevision.get(step.to) ?? []), step]);
  }
  const out: StagedModule[] = [];
  for (const step of installs) {
    const dir = copied.get(step.name);
    if (dir) out.push(await finish(step, step.to, dir));
  }
  let index = 0;
  for (const [revision, group] of byRevision) {
    const dest = path.join(staging, `r${index++}`);
    const exported = await archiveModules(repo, revision, group.map((step) => step.name), dest);
    for (const step of group) {
      if (exported.get(step.name) !== "exported") throw failure(`${step.name} does not exist at revision ${short(revision)}`);
      out.push(await finish(step, revision, path.join(dest, step.name)));
    }
  }
  return out;
}

/** The modules copied from the working copy, by name, with where they were put. */
async function copyFromWorkingCopy(steps: readonly (PlanStep & { to: string })[], repo: string, dest: string, atParent: ParentContent | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const candidates = atParent ? steps.filter((step) => atParent.same.get(step.name) === step.to) : [];
  if (!atParent || candidates.length === 0) return out;
  const copyAll = async (names: readonly string[]): Promise<string[]> => {
    const tree = await readTrackedTree(repo);
    // The claim holds for the parent it was made at; a working copy moved since is archived from like any other.
    if (!tree || tree.parent !== atParent.parent) return [];
    const unsure: string[] = [];
    for (const name of names) {
      const copy = await copyClean(repo, tree, name, path.join(dest, name));
      if (copy === "unsure") unsure.push(name);
      else if (copy) out.set(name, copy);
    }
    return unsure;
  };
  const unsure = await copyAll(candidates.map((step) => step.name));
  // Files written in the second of hg's last look have no mtime to trust; one status records them (for later runs
  // too), which beats archiving each revision they come from.
  if (unsure.length > 0 && (await refreshDirstate(repo))) await copyAll(unsure);
  return out;
}

async function copyClean(repo: string, tree: TrackedTree, dir: string, dest: string): Promise<string | "unsure" | undefined> {
  const check = await cleanTrackedFiles(repo, tree, dir);
  if (check.verdict !== "clean") return check.verdict === "unsure" ? "unsure" : undefined;
  try {
    for (const file of check.files) {
      const target = path.join(dest, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(path.join(repo, dir, file), target);
    }
  } catch {
    // A file gone or replaced between the check and the copy: the archive reads what hg committed instead.
    return discard(dest);
  }
  // Checked again after the copy: an edit made while copying changes the size or the mtime hg recorded.
  const again = await cleanTrackedFiles(repo, tree, dir);
  return again.verdict === "clean" && again.files.join("\0") === check.files.join("\0") ? dest : discard(dest);
}

async function discard(dir: string): Promise<undefined> {
  await fs.rm(dir, { recursive: true, force: true });
  return undefined;
}

async function finish(step: PlanStep, revision: string, dir: string): Promise<StagedModule> {
  await normaliseModes(dir);
  const treeHash = await hashTree(dir);
  if (step.expectHash && step.expectHash !== treeHash) {
    throw failure(
      `${step.name} at ${short(revision)} does not match the lockfile (expected ${step.expectHash.slice(0, 19)}…, got ${treeHash.slice(0, 19)}…)`,
      "the repository's history was rewritten, or the lockfile was edited by hand",
    );
  }
  return { step, dir, treeHash };
}

/** Prosody runs as its own user: installed modules are world-readable whatever the caller's umask. */
async function normaliseModes(dir: string): Promise<void> {
  const stat = await fs.lstat(dir);
  if (stat.isSymbolicLink()) return;
  await fs.chmod(dir, stat.isDirectory() ? 0o755 : 0o644);
  if (stat.isDirectory()) for (const entry of await fs.readdir(dir)) await normaliseModes(path.join(dir, entry));
}
