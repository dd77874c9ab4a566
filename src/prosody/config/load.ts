import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { failure, isUserError } from "../../core/errors.js";
import { expandInclude } from "./include.js";
import type { LoadedProsodyConfig, MissingInclude, OptionSite, ParsedConfigFile } from "./model.js";
import { parseConfigText } from "./parse.js";
import { buildView } from "./view.js";

export { expandInclude } from "./include.js";

// Prosody would recurse until Lua gives up; a real config nests two or three deep.
const MAX_INCLUDE_DEPTH = 20;

/**
 * Reads the main config and, as Prosody does, every file its `Include` lines name, keeping the order Prosody runs
 * them in: an included file's assignments happen where its Include line stands. A syntax error anywhere is a
 * UserError; a missing Include target is recorded in `missingIncludes` (Prosody itself refuses to start on it).
 */
export async function loadProsodyConfig(file: string): Promise<LoadedProsodyConfig> {
  const files: ParsedConfigFile[] = [];
  const missingIncludes: MissingInclude[] = [];
  const seen = new Set<string>();

  const visit = async (target: string, depth: number): Promise<OptionSite[]> => {
    const resolved = path.resolve(target);
    if (seen.has(resolved) || depth > MAX_INCLUDE_DEPTH) return [];
    seen.add(resolved);
    const parsed = parseConfigText(await readConfigFile(resolved, depth === 0), resolved);
    files.push(parsed);
    const events = [
      ...parsed.assignments.map((assignment) => ({ at: assignment.range[0], site: { file: parsed, assignment } as OptionSite | undefined, include: undefined })),
      ...parsed.includeSites.map((include) => ({ at: include.range[0], site: undefined, include })),
    ].sort((a, b) => a.at - b.at);
    const order: OptionSite[] = [];
    for (const event of events) {
      if (event.site) order.push(event.site);
      if (event.include?.pattern === undefined) continue;
      const expansion = await expandInclude(resolved, event.include.pattern);
      if ("missing" in expansion) {
        missingIncludes.push({ from: resolved, pattern: event.include.pattern, reason: expansion.missing });
        continue;
      }
      for (const included of expansion.files) order.push(...(await visit(included, depth + 1)));
    }
    return order;
  };

  const assignments = await visit(file, 0);
  return { files, assignments, ...buildView(files, assignments), missingIncludes };
}

// Far above any real config (Debian's is 12 KiB); a config this large is a mistake or an attack, not a config.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

async function readConfigFile(file: string, isMain: boolean): Promise<string> {
  const hint = isMain ? "pass --config PATH or set PROSODY_CONFIG" : undefined;
  let handle: fs.FileHandle | undefined;
  try {
    // Links are followed (configs are often linked into place), but a device or FIFO is never read: /dev/zero never ends.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) throw failure(`cannot read the Prosody config ${file}: not a regular file`, hint);
    if (stat.size > MAX_CONFIG_BYTES) throw failure(`cannot read the Prosody config ${file}: larger than 16 MiB`, hint);
    return (await handle.readFile()).toString("utf8");
  } catch (error) {
    if (isUserError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw failure(`cannot read the Prosody config ${file}: ${code}`, hint);
  } finally {
    await handle?.close();
  }
}
