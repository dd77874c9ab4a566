import { failure } from "../../core/errors.js";
import { type ExecResult, lastMeaningfulLine, run } from "../../system/exec.js";
import { PROGRESS_ARGS, progressReader, withoutProgress } from "./hg-progress.js";

// HGPLAIN keeps output stable whatever the admin's ~/.hgrc says; ui.interactive=false stops any prompt.
const HG_ENV = { ...process.env, HGPLAIN: "1", LC_ALL: "C" };
const BASE_ARGS = ["--noninteractive", "--config", "ui.interactive=false"];
const NETWORK_TIMEOUT_MS = 10 * 60_000;

export interface HgOptions {
  cwd?: string;
  timeoutMs?: number;
  /** hg's own progress (`files 120/2461`), for a terminal. */
  onProgress?: (detail: string) => void;
}

export async function hg(args: readonly string[], options: HgOptions = {}): Promise<ExecResult> {
  const progress = options.onProgress ? [...PROGRESS_ARGS] : [];
  const onStderr = options.onProgress ? progressReader(options.onProgress) : undefined;
  return run("hg", [...BASE_ARGS, ...progress, ...args], { env: HG_ENV, cwd: options.cwd, timeoutMs: options.timeoutMs ?? 120_000, onStderr });
}

export async function hgChecked(args: readonly string[], what: string, options: HgOptions = {}): Promise<string> {
  const result = await hg(args, options);
  if (result.code !== 0) throw failure(`${what}: ${lastMeaningfulLine(withoutProgress(result.stderr) || result.stdout)}`);
  return result.stdout;
}

export async function clone(url: string, dest: string, onProgress?: (detail: string) => void): Promise<void> {
  await hgChecked(["clone", "--noupdate", "--", url, dest], `could not clone ${url}`, { timeoutMs: NETWORK_TIMEOUT_MS, onProgress });
}

/** Pulls and moves the working copy to the new tip in one hg process (each hg start costs ~150 ms). */
export async function pullAndUpdate(repo: string, url: string, onProgress?: (detail: string) => void): Promise<{ changed: boolean }> {
  const stdout = await hgChecked(["pull", "--update", "-R", repo, "--", url], `could not pull from ${url}`, { timeoutMs: NETWORK_TIMEOUT_MS, onProgress });
  return { changed: !/^no changes found$/m.test(stdout) };
}

/** Moves the working copy to the newest changeset, discarding nothing of value (the cache is ours alone). */
export async function updateToTip(repo: string): Promise<void> {
  await hgChecked(["update", "-R", repo, "--clean", "-r", "tip"], "could not update the cached repository");
}

/** Full and short hash of a revision spec, or undefined when the repository does not know it. */
export async function resolveRevision(repo: string, spec: string): Promise<{ node: string; short: string } | undefined> {
  const result = await hg(["log", "-R", repo, "-r", spec, "--limit", "1", "--template", "{node} {node|short}\\n"]);
  if (result.code !== 0) return undefined;
  const [node, short] = result.stdout.trim().split(" ");
  return node && short ? { node, short } : undefined;
}

/** Writes the files of `dir` at `revision` below `dest/dir`, without the archive's metadata file. */
export async function archiveDirectory(repo: string, revision: string, dir: string, dest: string): Promise<void> {
  await hgChecked(
    ["--config", "ui.archivemeta=false", "archive", "-R", repo, "-r", revision, "-t", "files", "-I", `path:${dir}`, "--", dest],
    `could not export ${dir} at revision ${revision}`,
  );
}

export interface ChangesetFiles {
  node: string;
  short: string;
  files: string[];
}

/** Every changeset with the files it touched (added, modified or removed), oldest first. */
export async function changesetFiles(repo: string): Promise<ChangesetFiles[]> {
  const stdout = await hgChecked(
    ["log", "-R", repo, "-r", "0:tip", "--template", "{node}\\x1f{node|short}\\x1f{join(files, '\\x1e')}\\n"],
    "could not read the history of the cached repository",
  );
  const out: ChangesetFiles[] = [];
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const [node = "", short = "", files = ""] = line.split("\u001f");
    out.push({ node, short, files: files === "" ? [] : files.split("\u001e") });
  }
  return out;
}
