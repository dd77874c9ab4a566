import { constants, promises as fs } from "node:fs";

/** The account a tree is given to, and the mode bits every directory and plain file in it gets on top of its own. */
export interface HandOver {
  uid: number;
  gid: number;
  dirBits: number;
  fileBits: number;
}

/**
 * Gives a tree to another account, as root, without following a link anywhere in it. That account may own the tree
 * already, and so change it meanwhile: a file swapped for a link, or a directory for a link to /etc, between our look
 * and our chown must not hand over what the link points at. So each entry is opened without following a link,
 * checked to be the one lstat saw, and changed through that descriptor; a directory's entries are reached through its
 * descriptor (/proc/self/fd/N/name), never again by their path. Links, and anything but directories and plain files,
 * are left as they are.
 */
export async function handOverTree(root: string, to: HandOver): Promise<void> {
  const seen = await fs.lstat(root).catch(() => undefined);
  if (seen) await handOver(root, seen, to);
}

async function handOver(target: string, seen: Awaited<ReturnType<typeof fs.lstat>>, to: HandOver): Promise<void> {
  if (!seen.isDirectory() && !seen.isFile()) return;
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (seen.isDirectory() ? constants.O_DIRECTORY : 0);
  const handle = await fs.open(target, flags).catch((error: NodeJS.ErrnoException) => {
    // Swapped since lstat (a link: ELOOP; something else: ENOTDIR, ENXIO) or gone: not ours to change.
    if (error.code && SWAPPED.has(error.code)) return undefined;
    throw error;
  });
  if (!handle) return;
  try {
    const opened = await handle.stat();
    if (opened.ino !== seen.ino || opened.dev !== seen.dev) return;
    await handle.chown(to.uid, to.gid);
    await handle.chmod((opened.mode & 0o7777) | (opened.isDirectory() ? to.dirBits : to.fileBits));
    if (!opened.isDirectory()) return;
    const through = `/proc/self/fd/${handle.fd}`;
    for (const name of await fs.readdir(through)) {
      const entry = `${through}/${name}`;
      const stat = await fs.lstat(entry).catch(() => undefined);
      if (stat) await handOver(entry, stat, to);
    }
  } finally {
    await handle.close();
  }
}

const SWAPPED = new Set(["ELOOP", "ENOTDIR", "ENXIO", "ENOENT"]);
