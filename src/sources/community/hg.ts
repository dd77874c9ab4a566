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
  const out: ChangesetFiles[] = [];
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const [node = "", short = "", files = ""] = line.split("\u001f");
    out.push({ node, short, files: files === "" ? [] : files.split("\u001e") });
  }
  return out;
}

/**
 * Writes the directories of several modules at one revision below `dest` in one hg run: each hg start costs Python's
 * start-up, so N modules at one revision cost one process, not N.
 */
export async function archiveModules(repo: string, node: string, names: readonly string[], dest: string): Promise<void> {
  const includes = names.flatMap((name) => ["-I", `path:${name}`]);
  await hgChecked(
    ["--config", "ui.archivemeta=false", "archive", "-R", repo, "-r", node, "-t", "files", ...includes, "--", dest],
    `could not export ${names.join(", ")} at revision ${node.slice(0, 12)}`,
  );
}

/** Full hashes of several revision specs in one hg run; specs hg does not know are absent from the answer. */
export async function resolveRevisions(repo: string, specs: readonly string[]): Promise<Map<string, { node: string; short: string }>> {
  const out = new Map<string, { node: string; short: string }>();
  const distinct = [...new Set(specs)];
  if (distinct.length === 0) return out;
  const hexPrefixes = distinct.every((spec) => /^[0-9a-f]{6,40}$/.test(spec));
  if (!hexPrefixes) {
    // Tags, numbers or names: one at a time, since hg would merge equal revisions into one line.
    for (const spec of distinct) {
      const resolved = await resolveRevision(repo, spec);
      if (resolved) out.set(spec, resolved);
    }
    return out;
  }
  const result = await hg(["log", "-R", repo, ...distinct.flatMap((spec) => ["-r", `id(${spec})`]), "--template", "{node} {node|short}\\n"]);
  if (result.code !== 0) {
    for (const spec of distinct) {
      const resolved = await resolveRevision(repo, spec);
      if (resolved) out.set(spec, resolved);
    }
    return out;
  }
  for (const line of result.stdout.split("\n")) {
    const [node, short] = line.trim().split(" ");
    if (!node || !short) continue;
    for (const spec of distinct) if (node.startsWith(spec)) out.set(spec, { node, short });
  }
  return out;
}

/** The changesets that touched a module's directory, oldest first: the N-th is the source of rock version N-1. */
export async function moduleHistory(repo: string, name: string): Promise<string[]> {
  const stdout = await hgChecked(["log", "-R", repo, "-r", `sort(file('path:${name}'), rev)`, "--template", "{node}\\n"], `could not read the history of ${name}`);
  return stdout.split("\n").filter((line) => /^[0-9a-f]{40}$/.test(line));
}
