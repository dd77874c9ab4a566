import path from "node:path";
import { joinerUnder } from "../core/child-path.js";
import type { DigestInput, DigestMemo } from "./digest-memo.js";
import { loadCrypto } from "./lazy-builtins.js";
import { listFiles, listTree, readRegularFile } from "./safe-tree.js";

export { listFiles };

/**
 * sha256 over paths and contents, so a local edit, an added or a deleted file all change it; the same tree gives the
 * same hash on any machine. A link or device in the tree is an error, never followed: it is not what was installed.
 * With a memo, a tree whose directories and files all look as they did when it was last hashed is neither read nor
 * listed again: a directory's times change when an entry is added, removed or renamed in it.
 */
export async function hashTree(root: string, memo?: DigestMemo): Promise<string> {
  if (!memo) return hashListed(root, await listFiles(root));
  const under = joinerUnder(root);
  return memo.remembered(`tree-listed:${root}`, async () => {
    const { files, dirs } = listTree(root);
    const inputs: DigestInput[] = [...dirs.map((dir) => ({ label: `${dir}/`, file: dir === "" ? root : under(dir), kind: "dir" as const })), ...files.map((file) => ({ label: file, file: under(file) }))];
    return { value: await hashListed(root, files), inputs };
  });
}

async function hashListed(root: string, files: readonly string[]): Promise<string> {
  const under = joinerUnder(root);
  const { createHash } = await loadCrypto();
  const hash = createHash("sha256");
  for (const file of files) {
    const content = await readRegularFile(under(file));
    hash.update(`${file}\u0000${content.length}\u0000`);
    hash.update(content);
  }
  return `sha256-${hash.digest("hex")}`;
}

/**
 * sha256 over labelled files (label, size, content), for sets of files that are not one directory (a rock); with a
 * memo, remembered under `key` as hashTree's are.
 */
export async function hashFiles(entries: readonly { label: string; file: string }[], memo?: { memo: DigestMemo; key: string }): Promise<string> {
  return memo ? memo.memo.digest(memo.key, entries, () => hashFilesNow(entries)) : hashFilesNow(entries);
}

async function hashFilesNow(entries: readonly { label: string; file: string }[]): Promise<string> {
  const { createHash } = await loadCrypto();
  const hash = createHash("sha256");
  for (const entry of [...entries].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))) {
    const content = await readRegularFile(entry.file).catch(() => undefined);
    hash.update(`${entry.label}\u0000${content === undefined ? "missing" : content.length}\u0000`);
    if (content) hash.update(content);
  }
  return `sha256-${hash.digest("hex")}`;
}

/** Per-file sha256 and the tree hash in one pass: to tell how near two trees are, not only whether they are equal. */
export async function fileHashes(root: string): Promise<{ treeHash: string; files: Map<string, string> }> {
  const { createHash } = await loadCrypto();
  const files = new Map<string, string>();
  for (const file of await listFiles(root)) files.set(file, createHash("sha256").update(await readRegularFile(path.join(root, file))).digest("hex"));
  return { treeHash: await hashTree(root), files };
}
