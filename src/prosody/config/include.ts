import { promises as fs } from "node:fs";
import path from "node:path";
import type { DigestInput } from "../../system/digest-memo.js";
import type { ProsodyConfig } from "./model.js";

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

/**
 * What reading a config looked at, for a memo of what it says: every file read (through links, as the reader follows
 * them), the directory of every glob Include (an added or removed file changes its times), and every literal Include
 * that is missing now (it may appear). A non-literal Include is skipped by the reader, and so here.
 */
export function configInputs(config: ProsodyConfig): DigestInput[] {
  const read = new Set(config.files.map((file) => file.file));
  const inputs: DigestInput[] = [...read].map((file) => ({ label: "config", file, kind: "followed" }));
  const seen = new Set<string>();
  for (const file of config.files) {
    for (const site of file.includeSites) {
      if (site.pattern === undefined) continue;
      const full = path.resolve(path.dirname(file.file), site.pattern);
      const input: DigestInput = /[*?]/.test(site.pattern) ? { label: "include-dir", file: path.dirname(full), kind: "dir" } : { label: "include", file: full, kind: "followed" };
      if (read.has(input.file) || seen.has(`${input.kind}:${input.file}`)) continue;
      seen.add(`${input.kind}:${input.file}`);
      inputs.push(input);
    }
  }
  return inputs;
}
