import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * A mirror is read by others (a web server, hg serve, LuaRocks as the prosody user), whatever the umask of the admin
 * who made it: directories 0755, files 0644.
 */
export async function makeReadableByAll(target: string): Promise<void> {
  const stat = await fs.lstat(target);
  if (stat.isSymbolicLink()) return;
  await fs.chmod(target, stat.isDirectory() ? 0o755 : 0o644);
  if (stat.isDirectory()) for (const entry of await fs.readdir(target)) await makeReadableByAll(path.join(target, entry));
}
