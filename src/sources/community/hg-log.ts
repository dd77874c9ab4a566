import type { DiffStatFile, ModuleChangeset } from "../../core/changes.js";
import { failure } from "../../core/errors.js";
import { lastMeaningfulLine } from "../../system/exec.js";
import { hg } from "./hg.js";

// Each changeset opens with a record separator so the --stat and --patch text hg appends can be told apart.
const TEMPLATE = "\\x1e{rev}\\x1f{node}\\x1f{node|short}\\x1f{date|isodatesec}\\x1f{author|person}\\x1f{desc|firstline}\\n";

export interface ModuleLogQuery {
  /** The module's directory at the repository's top, e.g. `mod_pastebin`. */
  dir: string;
  /** Only changesets after this one (a validated hash or number), up to tip. */
  after?: string;
  /** Include the patch of the module's files. */
  patch?: boolean;
  limit?: number;
}

/**
 * The changesets that touched a module's directory, newest first, with a diff stat limited to that directory: one hg
 * run. `after` must come from parseRevision: it is spliced into a revset.
 */
export async function moduleLog(repo: string, query: ModuleLogQuery): Promise<ModuleChangeset[]> {
  const args = ["log", "-R", repo, "--template", TEMPLATE, "--stat"];
  if (query.after !== undefined) args.push("-r", `reverse(only(tip, ${query.after}))`);
  if (query.patch) args.push("--patch");
  if (query.limit !== undefined) args.push("--limit", String(query.limit));
  args.push("--", `path:${query.dir}`);
  const result = await hg(args);
  if (result.code !== 0) {
    const reason = lastMeaningfulLine(result.stderr || result.stdout);
    if (/unknown revision|ambiguous identifier/.test(reason)) {
      throw failure(`the cached repository has no revision '${query.after ?? ""}' (${reason.replace(/^abort: /, "")})`, `'prosody-manager module log ${query.dir}' lists its revisions; 'module sync' pulls new ones`);
    }
    throw failure(`could not read the history of ${query.dir}: ${reason}`);
  }
  return parseModuleLog(result.stdout, query.patch === true);
}

export function parseModuleLog(stdout: string, withPatch: boolean): ModuleChangeset[] {
  const out: ModuleChangeset[] = [];
  for (const record of stdout.split("\u001e")) {
    if (record.trim() === "") continue;
    const newline = record.indexOf("\n");
    const header = newline === -1 ? record : record.slice(0, newline);
    const body = newline === -1 ? "" : record.slice(newline + 1);
    const [rev = "", node = "", short = "", date = "", author = "", summary = ""] = header.split("\u001f");
    const patchAt = body.search(/^diff /m);
    const statText = patchAt === -1 ? body : body.slice(0, patchAt);
    const stat = parseStat(statText);
    out.push({
      rev: Number(rev),
      node,
      short,
      date,
      author,
      summary,
      ...stat,
      diff: withPatch ? (patchAt === -1 ? "" : body.slice(patchAt).replace(/\n+$/, "\n")) : undefined,
    });
  }
  return out;
}

function parseStat(text: string): { files: DiffStatFile[]; insertions: number; deletions: number } {
  const files: DiffStatFile[] = [];
  let insertions = 0;
  let deletions = 0;
  for (const line of text.split("\n")) {
    const file = /^ (.+?)\s+\|\s+(?:(\d+) ?([+-]*)|(Bin.*))$/.exec(line);
    if (file) {
      files.push({ path: file[1] ?? "", changes: Number(file[2] ?? 0), graph: file[4] !== undefined ? "Bin" : (file[3] ?? "") });
      continue;
    }
    const total = /^ \d+ files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?/.exec(line);
    if (total) {
      insertions = Number(total[1] ?? 0);
      deletions = Number(total[2] ?? 0);
    }
  }
  return { files, insertions, deletions };
}

export interface ChangesetTouch {
  rev: number;
  short: string;
  files: string[];
}

/**
 * Every changeset from any of `revisions` up to tip (each revision included), oldest first, with its files: one hg
 * run however many modules are asked about. The revisions must come from parseRevision.
 */
export async function changesetsFrom(repo: string, revisions: readonly string[]): Promise<ChangesetTouch[]> {
  if (revisions.length === 0) return [];
  const revset = `sort(${revisions.map((revision) => `(${revision}::tip)`).join(" + ")})`;
  const result = await hg(["log", "-R", repo, "-r", revset, "--template", "{rev}\\x1f{node|short}\\x1f{join(files, '\\x1e')}\\n"]);
  if (result.code !== 0) throw failure(`could not read the history of the cached repository: ${lastMeaningfulLine(result.stderr || result.stdout)}`);
  return result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [rev = "", short = "", files = ""] = line.split("\u001f");
      return { rev: Number(rev), short, files: files === "" ? [] : files.split("\u001e") };
    });
}
