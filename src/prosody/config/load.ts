import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import type { ParsedConfigFile, ProsodyConfig } from "./model.js";
import { parseConfigText } from "./parse.js";

const MAX_INCLUDE_DEPTH = 10;

/** Reads the main config and, as Prosody does, every file its `Include` lines name (a glob in the file name allowed). */
export async function loadProsodyConfig(file: string): Promise<ProsodyConfig> {
  const files: ParsedConfigFile[] = [];
  const seen = new Set<string>();
  const visit = async (target: string, depth: number): Promise<void> => {
    const resolved = path.resolve(target);
    if (seen.has(resolved) || depth > MAX_INCLUDE_DEPTH) return;
    seen.add(resolved);
    let text: string;
    try {
      text = await fs.readFile(resolved, "utf8");
    } catch (error) {
      if (depth === 0) throw failure(`cannot read the Prosody config ${resolved}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "pass --config PATH or set PROSODY_CONFIG");
      return;
    }
    const parsed = parseConfigText(text, resolved);
    files.push(parsed);
    for (const include of parsed.includes) {
      for (const match of await expandInclude(path.dirname(resolved), include)) await visit(match, depth + 1);
    }
  };
  await visit(file, 0);
  return { files };
}

/** `conf.d/*.cfg.lua` relative to the including file. Prosody refuses a glob whose directory is missing; reading, we skip it (doctor reports it). */
export async function expandInclude(baseDir: string, pattern: string): Promise<string[]> {
  const full = path.resolve(baseDir, pattern);
  const name = path.basename(full);
  if (!name.includes("*")) return [full];
  const dir = path.dirname(full);
  const regex = new RegExp(`^${name.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  try {
    return (await fs.readdir(dir)).filter((entry) => regex.test(entry)).sort().map((entry) => path.join(dir, entry));
  } catch {
    return [];
  }
}
