import { promises as fs } from "node:fs";
import path from "node:path";
import { type UserError, failure, fromToolText, isUserError } from "../../core/errors.js";
import { isChangesetHash, isHashPrefix, isRevisionSpec, printable } from "../../core/names.js";
import { type ExecResult, lastMeaningfulLine, run } from "../../system/exec.js";
import { limits } from "../../system/limits.js";
import { listFiles } from "../../system/safe-tree.js";
import { PROGRESS_ARGS, progressReader, withoutProgress } from "./hg-progress.js";


// HGPLAIN keeps output stable whatever the admin's ~/.hgrc says; ui.interactive=false stops any prompt. Made when hg
// first runs: copying the environment costs every read command that only imports this module.
let hgEnv: NodeJS.ProcessEnv | undefined;
const BASE_ARGS = ["--noninteractive", "--config", "ui.interactive=false"];
const NETWORK_TIMEOUT_MS = 10 * 60_000;

export interface HgOptions {
  cwd?: string;
  timeoutMs?: number;
  idleMs?: number;
  /** Where a failure lands on disk, for errors by cause (a full disk, a read-only file system). */
  path?: string;
  /** hg's own progress (`files 120/2461`), for a terminal. */
  onProgress?: (detail: string) => void;
  /** hg's output goes through this file, for output larger than a pipe: see `ExecOptions.stdoutFile`. */
  stdoutFile?: string;
}

export async function hg(args: readonly string[], options: HgOptions = {}): Promise<ExecResult> {
  const onStderr = options.onProgress ? progressReader(options.onProgress) : undefined;
  return run("hg", [...BASE_ARGS, ...args], { env: (hgEnv ??= { ...process.env, HGPLAIN: "1", LC_ALL: "C" }), cwd: options.cwd, timeoutMs: options.timeoutMs ?? 120_000, idleMs: options.idleMs, onStderr, stdoutFile: options.stdoutFile });
}

export async function hgChecked(args: readonly string[], what: string, options: HgOptions = {}): Promise<string> {
  const result = await hg(args, options);
  if (result.code !== 0) {
    const output = withoutProgress(result.stderr) || result.stdout;
    throw fromToolText(output, options.path) ?? notRepository(what, output) ?? failure(`${what}: ${hgReason(output)}`);
  }
  return result.stdout;
}

/**
 * hg's abort line. Over ssh it says only that the other side did not answer as hg would; what ssh itself said (refused,
 * no such host, permission denied, ssh not installed) comes before it as `remote:` lines, and is the reason to give.
 */
function hgReason(output: string): string {
  const line = lastMeaningfulLine(output);
  if (!line.includes("no suitable response from remote hg")) return line;
  const remote = output
    .split("\n")
    .map((text) => text.trim())
    .filter((text) => text.startsWith("remote: ") && text.length > "remote: ".length)
    .pop();
  return remote === undefined ? line : `${line} (${remote.slice("remote: ".length)})`;
}

/** hg refused to pull: the URL's repository shares no history with the one pulled into. */
export function isUnrelatedRepository(error: unknown): error is UserError {
  return isUserError(error) && /abort: repository is unrelated/.test(error.message);
}

/**
 * A URL that answers but is no Mercurial repository (a web page, a proxy's login page): hg's abort line ends with a
 * colon and quotes the answer on the lines after it, between `---%<--- (its content type)` markers. The admin gets
 * the line and the type of what answered, not the page.
 */
function notRepository(what: string, output: string): UserError | undefined {
  const match = /^(abort: .* does not appear to be an hg repository):?[ \t]*\n(?:---%<--- \(([^)\n]*)\))?/m.exec(output);
  if (!match) return undefined;
  const answered = match[2] ? ` (it answered ${match[2]})` : "";
  return failure(`${what}: ${match[1]}${answered}`, "the community URL must be a Mercurial repository, as https://hg.prosody.im/prosody-modules/ is");
}

/**
 * Options for commands that talk to a server: hg's own socket timeout ends a stalled connection, and progress output
 * (forced on without a terminal) is the heartbeat the watchdog in `run` listens to, so a long but moving clone goes
 * on while a server that trickles nothing is stopped. The same progress feeds a terminal's status line.
 */
function network(): { args: string[]; options: { timeoutMs: number; idleMs: number } } {
  const idleMs = limits().networkIdleMs;
  const args = ["--config", `http.timeout=${Math.max(1, Math.ceil(idleMs / 1000))}`, ...PROGRESS_ARGS];
  // The watchdog sits behind hg's own timeout (which covers each socket read) rather than racing it.
  return { args, options: { timeoutMs: NETWORK_TIMEOUT_MS, idleMs: idleMs * 2 + 1000 } };
}

export async function clone(url: string, dest: string, onProgress?: (detail: string) => void): Promise<void> {
  const net = network();
  await hgChecked([...net.args, "clone", "--noupdate", "--", url, dest], `could not clone ${url}`, { ...net.options, path: dest, onProgress });
}

/** Pulls and moves the working copy to the new tip in one hg process (each hg start costs ~150 ms). */
export async function pullAndUpdate(repo: string, url: string, onProgress?: (detail: string) => void): Promise<{ changed: boolean }> {
  const net = network();
  const stdout = await hgChecked([...net.args, "pull", "--update", "-R", repo, "--", url], `could not pull from ${url}`, { ...net.options, path: repo, onProgress });
  return { changed: !/^no changes found$/m.test(stdout) };
}

/** Moves the working copy to the newest changeset, discarding nothing of value (the cache is ours alone). */
export async function updateToTip(repo: string, onProgress?: (detail: string) => void): Promise<void> {
  const progress = onProgress ? PROGRESS_ARGS : [];
  await hgChecked([...progress, "update", "-R", repo, "--clean", "-r", "tip"], "could not update the cached repository", { path: repo, onProgress });
}

/**
 * Full and short hash of a revision, or undefined when the repository does not know it. The spec is quoted so hg
 * reads it as one name (a hash prefix, number, tag or branch), never as a revset; the answer must be a real
 * changeset's full hash, never the working directory's `ffff…` id.
 */
export async function resolveRevision(repo: string, spec: string): Promise<{ node: string; short: string } | undefined> {
  if (!isRevisionSpec(spec)) return undefined;
  const result = await hg(["log", "-R", repo, "-r", `"${spec}"`, "--limit", "1", "--template", "{node} {node|short}\\n"]);
  if (result.code !== 0) return undefined;
  const [node, short] = result.stdout.trim().split(" ");
  return node && short && isChangesetHash(node) ? { node, short } : undefined;
}

/**
 * Lets hg look at the working copy once (its status, output unused): files it had to read are recorded with their
 * mtime, so size and mtime alone tell later readers of the dirstate whether they are clean. False when hg failed.
 */
export async function refreshDirstate(repo: string): Promise<boolean> {
  return (await hg(["status", "-R", repo, "--modified", "--added", "--removed", "--deleted"])).code === 0;
}

/** One module's export: `absent` when the module has no files at that revision. */
export async function archiveDirectory(repo: string, revision: string, dir: string, dest: string): Promise<"exported" | "absent"> {
  return (await archiveModules(repo, revision, [dir], dest)).get(dir) ?? "absent";
}

/**
 * Writes the directories of several modules at one revision below `dest/<module>` in one hg run (each hg start costs
 * Python's start-up), without the archive's metadata file. A module holding a symbolic link or anything but plain
 * files is refused: hg archive recreates links, and a link copied into a plugin directory would point Prosody (or the
 * next reader) anywhere. Only hg's "nothing matched" and a missing directory mean absent; anything else (a full disk,
 * a refused file) is reported as what it is.
 */
export async function archiveModules(repo: string, revision: string, dirs: readonly string[], dest: string): Promise<Map<string, "exported" | "absent">> {
  if (!isChangesetHash(revision)) throw failure(`refusing to export ${dirs.join(", ")} at '${printable(revision)}': not a changeset hash`);
  const out = new Map<string, "exported" | "absent">();
  const includes = dirs.flatMap((dir) => ["-I", `path:${dir}`]);
  const result = await hg(["--config", "ui.archivemeta=false", "archive", "-R", repo, "-r", revision, "-t", "files", ...includes, "--", dest]);
  if (result.code !== 0) {
    const output = result.stderr || result.stdout;
    if (/no files match the archive pattern/.test(output)) {
      for (const dir of dirs) out.set(dir, "absent");
      return out;
    }
    throw fromToolText(output, dest) ?? failure(`could not export ${dirs.join(", ")} at revision ${revision.slice(0, 12)}: ${lastMeaningfulLine(output)}`);
  }
  for (const dir of dirs) {
    const root = path.join(dest, dir);
    try {
      await fs.lstat(root);
    } catch {
      out.set(dir, "absent");
      continue;
    }
    await listFiles(root).catch((error: unknown) => {
      throw failure(`${dir} at revision ${revision.slice(0, 12)} is unsafe: ${error instanceof Error ? error.message.replace(/^refusing /, "") : String(error)}`, "a module holding links or device files is never installed; report it to the source's maintainers");
    });
    out.set(dir, "exported");
  }
  return out;
}

/** Full hashes of several revision specs in one hg run; specs hg does not know are absent from the answer. */
export async function resolveRevisions(repo: string, specs: readonly string[]): Promise<Map<string, { node: string; short: string }>> {
  const out = new Map<string, { node: string; short: string }>();
  const distinct = [...new Set(specs)];
  if (distinct.length === 0) return out;
  const hexPrefixes = distinct.every(isHashPrefix);
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
