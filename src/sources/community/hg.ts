import { failure } from "../../core/errors.js";
import { type ExecResult, lastMeaningfulLine, run } from "../../system/exec.js";

// HGPLAIN keeps output stable whatever the admin's ~/.hgrc says; ui.interactive=false stops any prompt.
const HG_ENV = { ...process.env, HGPLAIN: "1", LC_ALL: "C" };
const BASE_ARGS = ["--noninteractive", "--config", "ui.interactive=false"];
const NETWORK_TIMEOUT_MS = 10 * 60_000;

export async function hg(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return run("hg", [...BASE_ARGS, ...args], { env: HG_ENV, cwd: options.cwd, timeoutMs: options.timeoutMs ?? 120_000 });
}

export async function hgChecked(args: readonly string[], what: string, options: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  const result = await hg(args, options);
  if (result.code !== 0) throw failure(`${what}: ${lastMeaningfulLine(result.stderr || result.stdout)}`);
  return result.stdout;
}

export async function clone(url: string, dest: string): Promise<void> {
  await hgChecked(["clone", "--noupdate", "--", url, dest], `could not clone ${url}`, { timeoutMs: NETWORK_TIMEOUT_MS });
}

/** Pulls and moves the working copy to the new tip in one hg process (each hg start costs ~150 ms). */
export async function pullAndUpdate(repo: string, url: string): Promise<{ changed: boolean }> {
  const stdout = await hgChecked(["pull", "--update", "-R", repo, "--", url], `could not pull from ${url}`, { timeoutMs: NETWORK_TIMEOUT_MS });
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
  return parseChangesetLines(stdout);
}

/**
 * Several revision specs resolved in one hg run where possible (each hg start costs ~150 ms). Hashes are matched to
 * their spec by prefix; a spec that is no full or 12-digit hash (a number, a tag) is resolved on its own. Unknown
 * specs are absent from the answer.
 */
export async function resolveRevisions(repo: string, specs: readonly string[]): Promise<Map<string, { node: string; short: string }>> {
  const out = new Map<string, { node: string; short: string }>();
  const distinct = [...new Set(specs)];
  const hashes = distinct.filter((spec) => /^([0-9a-f]{12}|[0-9a-f]{40})$/.test(spec));
  if (hashes.length > 0) {
    const result = await hg(["log", "-R", repo, ...hashes.flatMap((spec) => ["-r", spec]), "--template", "{node} {node|short}\\n"]);
    if (result.code === 0) {
      for (const line of result.stdout.split("\n")) {
        const [node, short] = line.split(" ");
        if (!node || !short) continue;
        for (const spec of hashes) if (node.startsWith(spec)) out.set(spec, { node, short });
      }
    }
  }
  // What one run could not answer (a number or tag, or a batch hg refused because one hash is unknown), one by one.
  for (const spec of distinct.filter((candidate) => !out.has(candidate))) {
    const resolved = await resolveRevision(repo, spec);
    if (resolved) out.set(spec, resolved);
  }
  return out;
}

/**
 * Writes the files of each of `dirs` at `revision` below `dest/<dir>` in one hg run, without the archive's metadata
 * file. A directory that does not exist at that revision is simply not written; the caller checks.
 */
export async function archiveModules(repo: string, revision: string, dirs: readonly string[], dest: string): Promise<void> {
  if (dirs.length === 0) return;
  await hgChecked(
    ["--config", "ui.archivemeta=false", "archive", "-R", repo, "-r", revision, "-t", "files", ...dirs.flatMap((dir) => ["-I", `path:${dir}`]), "--", dest],
    `could not export ${dirs.join(", ")} at revision ${revision}`,
  );
}

/** The changesets after `revision` up to tip (by number, as `changesetFiles` folds them), with their files. */
export async function changesetFilesAfter(repo: string, revision: string): Promise<ChangesetFiles[]> {
  const stdout = await hgChecked(
    ["log", "-R", repo, "-r", `${revision}:tip - ${revision}`, "--template", "{node}\\x1f{node|short}\\x1f{join(files, '\\x1e')}\\n"],
    "could not read the new history of the cached repository",
  );
  return parseChangesetLines(stdout);
}

function parseChangesetLines(stdout: string): ChangesetFiles[] {
  const out: ChangesetFiles[] = [];
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const [node = "", short = "", files = ""] = line.split("\u001f");
    out.push({ node, short, files: files === "" ? [] : files.split("\u001e") });
  }
  return out;
}
