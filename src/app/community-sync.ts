import { promises as fs } from "node:fs";
import path from "node:path";
import { buildCommunityIndex } from "../core/catalogue-build.js";
import { directoryHistory } from "../core/history.js";
import type { Catalogue, CatalogueProblem, ModuleName } from "../core/types.js";
import { exists, siblingPath } from "../system/fs-atomic.js";
import { changesetFiles, clone, pullAndUpdate, resolveRevision, updateToTip } from "../sources/community/hg.js";
import { scanModuleTree } from "../sources/community/scan.js";

export function communityRepoPath(cacheDir: string): string {
  return path.join(cacheDir, "community");
}

export interface FetchOutcome {
  action: "cloned" | "pulled";
  /** The tip before a pull; the tip after is read by the index, which logs the history anyway. */
  before: string | undefined;
  /** False when a pull found nothing new: the previous index still describes the cache. */
  changed: boolean;
}

/**
 * Clones into a staging directory renamed into place, or pulls into the existing clone. Either way a failure leaves
 * the previous cache exactly as it was: hg pull is transactional, and a half clone is never renamed in.
 */
export async function fetchCommunity(cacheDir: string, url: string, onProgress?: (detail: string) => void): Promise<FetchOutcome> {
  const repo = communityRepoPath(cacheDir);
  if (!(await exists(path.join(repo, ".hg")))) {
    await fs.mkdir(cacheDir, { recursive: true });
    const staging = siblingPath(repo, "clone");
    try {
      await clone(url, staging, onProgress);
      await updateToTip(staging);
      await fs.rm(repo, { recursive: true, force: true });
      await fs.rename(staging, repo);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
    return { action: "cloned", before: undefined, changed: true };
  }
  const before = await resolveRevision(repo, "tip");
  const { changed } = await pullAndUpdate(repo, url, onProgress);
  return { action: "pulled", before: before?.short, changed };
}

/** Reads the cached working copy into the community half of the catalogue. */
export async function indexCommunity(
  cacheDir: string,
  url: string,
  isBuiltin: (name: ModuleName) => boolean,
): Promise<{ community: NonNullable<Catalogue["community"]>; problems: CatalogueProblem[] }> {
  const repo = communityRepoPath(cacheDir);
  const [history, modules] = await Promise.all([changesetFiles(repo), scanModuleTree(repo)]);
  const index = buildCommunityIndex({ modules, history: directoryHistory(history), isBuiltin });
  // The log runs oldest first, so its last changeset is the tip the working copy was updated to.
  const tip = history[history.length - 1]?.short ?? "";
  const refused = modules.flatMap((module) => module.refused.map((problem) => ({ module: module.dir, problem })));
  return { community: { url, revision: tip, modules: index.modules }, problems: [...index.problems, ...refused] };
}
