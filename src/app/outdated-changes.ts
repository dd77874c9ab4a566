import path from "node:path";
import { countChangesSince } from "../core/change-counts.js";
import { tryRevision } from "../core/revision.js";
import { changesetsFrom } from "../sources/community/hg-log.js";
import { exists } from "../system/fs-atomic.js";
import { communityRepoPath } from "./community-sync.js";
import type { Session } from "./session.js";

/**
 * For `module outdated`: how many changesets of its directory each community module is behind, from one hg run.
 * An empty map when the cache is missing or hg fails: the count is a courtesy, never a reason to fail the listing.
 */
export async function communityChangeCounts(session: Session, installed: readonly { name: string; revision: string }[]): Promise<Map<string, number>> {
  const repo = communityRepoPath(session.settings.cacheDir);
  const valid = installed.flatMap((module) => {
    const revision = tryRevision(module.revision);
    return revision ? [{ name: module.name, revision }] : [];
  });
  if (valid.length === 0 || !(await exists(path.join(repo, ".hg")))) return new Map();
  try {
    const history = await changesetsFrom(repo, [...new Set(valid.map((module) => module.revision))]);
    return countChangesSince(history, valid);
  } catch {
    return new Map();
  }
}
