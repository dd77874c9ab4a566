import { lstatSync } from "node:fs";
import path from "node:path";
import { readmeIntroduction } from "../core/metadata/readme-introduction.js";
import type { CommunityModule } from "../core/types.js";
import { limits } from "../system/limits.js";
import { readRegularFile } from "../system/safe-tree.js";

/**
 * The README's introduction from the cached repository, read as sync reads it: never through a link (a README that
 * points at /etc/shadow is not printed), never a device, never more than the size cap. Anything refused reads as none.
 */
export async function readmeIntroductionOf(repo: string, module: CommunityModule): Promise<string> {
  if (!module.readme) return "";
  try {
    const dir = path.join(repo, module.name);
    if (lstatSync(dir).isSymbolicLink()) return "";
    const text = (await readRegularFile(path.join(dir, module.readme), limits().maxSourceFileBytes)).toString("utf8");
    return readmeIntroduction(text);
  } catch {
    return "";
  }
}
