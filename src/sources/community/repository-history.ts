import { failure } from "../../core/errors.js";
import { type ChangesetFiles, DirectoryHistoryFold } from "../../core/history.js";
import { isHashPrefix } from "../../core/names.js";
import { siblingPath } from "../../system/fs-atomic.js";
import { hgChecked } from "./hg.js";

// What a sync reads of the cached clone's history: from the changelog when it can, else from hg's log. Only the sync
// needs it; hg.ts, which many commands import, stays the adapter for running hg.

/** One line per changeset: hash, short hash and files, split by characters no path holds. */
const LOG_TEMPLATE = "{node}\\x1f{node|short}\\x1f{join(files, '\\x1e')}\\n";

/**
 * The whole history folded into each top directory's last revision and change count, and the tip: from the
 * changelog itself when it is in a format read here, else from hg's log. Either is folded a changeset at a time: a
 * list of 6 000 changesets and their files, alive together, survived V8's young-generation collections, and V8 grows
 * that generation (a first sync's peak memory) by what survives them.
 */
export async function historyOfDirectories(repo: string): Promise<DirectoryHistoryFold> {
  const read = new DirectoryHistoryFold();
  const { readChangelogHistory } = await import("./changelog-history.js");
  if (await readChangelogHistory(repo, (changeset) => read.add(changeset.short, changeset.files))) return read;
  // What the changelog gave before it was refused is dropped with `read`.
  const stdout = await hgChecked(
    ["log", "-R", repo, "-r", "0:tip", "--template", LOG_TEMPLATE],
    "could not read the history of the cached repository",
    // 1.2 MB upstream: through a pipe, hg would wait on the modules being indexed meanwhile.
    { stdoutFile: siblingPath(repo, "log") },
  );
  const fold = new DirectoryHistoryFold();
  for (const changeset of changesetLines(stdout)) fold.add(changeset.short, changeset.files);
  return fold;
}

/** The changesets after `revision` up to tip (by number, as `historyOfDirectories` folds them), with their files. */
export async function changesetFilesAfter(repo: string, revision: string): Promise<ChangesetFiles[]> {
  const hex = isHashPrefix(revision);
  const read: ChangesetFiles[] = [];
  const { readChangelogHistory } = await import("./changelog-history.js");
  if (hex && (await readChangelogHistory(repo, (changeset) => read.push(changeset), revision))) return read;
  // A bare hash in a revset is looked up among tags and bookmarks too, and after a pull hg recomputes the tags to do
  // that; id() names a hash prefix and nothing else. It answers nothing for an unknown hash where the bare hash is an
  // error, so the revision itself is asked for too, and must come first.
  const stdout = await hgChecked(
    ["log", "-R", repo, "-r", hex ? `id(${revision}):tip` : `${revision}:tip - ${revision}`, "--template", LOG_TEMPLATE],
    "could not read the new history of the cached repository",
  );
  const changesets = [...changesetLines(stdout)];
  if (!hex) return changesets;
  if (!changesets[0]?.node.startsWith(revision)) throw failure(`the cached repository has no revision ${revision}`);
  return changesets.slice(1);
}

/** The log's changesets one by one, without splitting it into lines first. */
function* changesetLines(stdout: string): Generator<ChangesetFiles> {
  for (let start = 0; start < stdout.length; ) {
    const newline = stdout.indexOf("\n", start);
    const end = newline === -1 ? stdout.length : newline;
    const line = stdout.slice(start, end);
    start = end + 1;
    if (line === "") continue;
    const [node = "", short = "", files = ""] = line.split("\u001f");
    yield { node, short, files: files === "" ? [] : files.split("\u001e") };
  }
}
