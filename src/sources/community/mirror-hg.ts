import { hg, hgChecked } from "./hg.js";

// What a mirror needs of Mercurial beyond the cache's clone/pull: a pull that leaves no working copy, and counts.

const NETWORK_TIMEOUT_MS = 10 * 60_000;

/** Pulls every new changeset; a mirror has no working copy to move. */
export async function pullAll(repo: string, url: string): Promise<void> {
  await hgChecked(["pull", "-R", repo, "--", url], `could not pull from ${url}`, { timeoutMs: NETWORK_TIMEOUT_MS });
}

/** How many changesets the repository holds (0 when empty). */
export async function changesetCount(repo: string): Promise<number> {
  const stdout = await hgChecked(["log", "-R", repo, "-r", "tip", "--template", "{rev}"], `could not read ${repo}`);
  return Number(stdout.trim()) + 1;
}

/** The full hashes of the changesets after the first `known` ones, oldest first. */
export async function changesetsFrom(repo: string, known: number): Promise<string[]> {
  const stdout = await hgChecked(["log", "-R", repo, "-r", `${known}:tip`, "--template", "{node}\\n"], `could not read ${repo}`);
  return stdout.split("\n").filter((line) => /^[0-9a-f]{40}$/.test(line));
}

/** Which of these module directories have files at `node` (one hg run, whatever their number). */
export async function modulesPresentAt(repo: string, node: string, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const result = await hg(["files", "-R", repo, "-r", node, "--template", "{path}\\n", ...names.flatMap((name) => ["-I", `path:${name}`])]);
  // hg files exits 1 when nothing matches: none of them is there.
  return new Set(result.code === 0 ? result.stdout.split("\n").map((file) => file.split("/")[0] ?? "").filter(Boolean) : []);
}
