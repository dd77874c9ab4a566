import path from "node:path";
import { readHeadIfThere, readTextIfThere } from "../../system/fs-atomic.js";

/**
 * What a repository may require for its changelog to be read here: every other requirement (a newer revlog or
 * changelog format, a narrow or shared store, internal phases that hide changesets) sends the caller to hg.
 */
const READABLE_REQUIREMENTS = new Set([
  "revlogv1",
  "store",
  "fncache",
  "dotencode",
  "generaldelta",
  "sparserevlog",
  "revlog-compression-zstd",
  "share-safe",
  "persistent-nodemap",
  "dirstate-v2",
]);

/**
 * Whether the repository's changelog may be read here as the whole truth: a format this reader knows, and no
 * obsolescence markers (which hide changesets that the changelog still holds).
 */
export function readableStore(repo: string): boolean {
  return readableRequirements(repo) && (readHeadIfThere(path.join(repo, ".hg", "store", "obsstore"), 1)?.length ?? 0) === 0;
}

function readableRequirements(repo: string): boolean {
  const own = readTextIfThere(path.join(repo, ".hg", "requires"));
  if (own === undefined) return false;
  const requirements = [own, readTextIfThere(path.join(repo, ".hg", "store", "requires")) ?? ""].flatMap((text) => text.split("\n")).filter((line) => line !== "");
  return requirements.includes("revlogv1") && requirements.includes("store") && requirements.every((requirement) => READABLE_REQUIREMENTS.has(requirement));
}
