import { createHash } from "node:crypto";
import path from "node:path";
import { listFiles, readRegularFile } from "./safe-tree.js";

/**
 * sha256 over paths and contents, so a local edit, an added or a deleted file all change it; the same tree gives the
 * same hash on any machine. A link or device in the tree is an error, never followed: it is not what was installed.
 */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await listFiles(root)) {
    const content = await readRegularFile(path.join(root, file));
    hash.update(`${file}\u0000${content.length}\u0000`);
    hash.update(content);
  }
  return `sha256-${hash.digest("hex")}`;
}
