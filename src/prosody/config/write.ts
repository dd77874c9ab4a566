import { promises as fs, type Stats } from "node:fs";
import { siblingPath } from "../../system/fs-atomic.js";

/**
 * Replaces a file atomically with the mode, owner and group of `like` already set on the new file before the rename:
 * /etc/prosody/prosody.cfg.lua is root:prosody 0640, and Prosody must never see it unreadable, even for a moment.
 */
export async function writeLike(target: string, content: string | Uint8Array, like: Stats): Promise<void> {
  const temp = siblingPath(target, "tmp");
  try {
    await fs.writeFile(temp, content, { flag: "wx", mode: like.mode & 0o7777 });
    await fs.chmod(temp, like.mode & 0o7777);
    await fs.chown(temp, like.uid, like.gid).catch((error: NodeJS.ErrnoException) => {
      // Without root the owner cannot be given away; the file stays ours, which is what the user asked to edit.
      if (error.code !== "EPERM") throw error;
    });
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
