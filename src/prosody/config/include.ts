import { promises as fs } from "node:fs";
import path from "node:path";

export type IncludeExpansion = { files: string[] } | { missing: string };

/**
 * The files an `Include "pattern"` line reads, as Prosody 0.12's configmanager finds them: relative to the including
 * file's directory; `*` and `?` only in the last path component; dot files skipped. Prosody takes directory order;
 * this sorts, so the result does not depend on the filesystem.
 */
export async function expandInclude(includingFile: string, pattern: string): Promise<IncludeExpansion> {
  const full = path.resolve(path.dirname(includingFile), pattern);
  const glob = path.basename(full);
  if (!/[*?]/.test(pattern)) {
    return (await isFile(full)) ? { files: [full] } : { missing: `no such file ${full}` };
  }
  const dir = path.dirname(full);
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    return { missing: `cannot read the directory ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const matcher = globPattern(glob);
  return { files: entries.filter((entry) => !entry.startsWith(".") && matcher.test(entry)).sort().map((entry) => path.join(dir, entry)) };
}

/** Prosody's glob_to_pattern: `*` any run, `?` one character, everything else literal, anchored at both ends. */
export function globPattern(glob: string): RegExp {
  const body = [...glob].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`, "s");
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
