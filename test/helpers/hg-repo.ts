import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";

/** A Mercurial repository a test writes history into, with real hg (no user config, a fixed author). */
export interface HgRepo {
  dir: string;
  hg(...args: string[]): string;
  write(file: string, content: string): Promise<void>;
  /** Commits everything (added and removed files too) and answers the new changeset's full hash. */
  commit(message: string): string;
}

export function hgRepo(dir: string): HgRepo {
  const hg = (...args: string[]): string =>
    execFileSync("hg", ["--config", "ui.username=test <test@example.org>", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
  return {
    dir,
    hg,
    async write(file, content) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    },
    commit(message) {
      hg("commit", "--quiet", "--addremove", "-m", message);
      return hg("log", "-r", ".", "-T", "{node}");
    },
  };
}

/**
 * On top of `repo`'s tip: a merge whose first parent changed two modules at A and whose second parent changed them
 * at the later-numbered B. The merge keeps A's `mod_wc_kept` without listing it (the newest changeset touching it by
 * number is then B, a side the merge discarded) and takes B's `mod_wc_taken` (the merge lists it); one changeset
 * after the merge touches neither. Answers the changesets.
 */
export async function buildDiscardingMerge(repo: HgRepo): Promise<{ a: string; b: string; merge: string; after: string }> {
  const both = async (content: string): Promise<void> => {
    await repo.write("mod_wc_kept/mod_wc_kept.lua", `-- ${content}\nmodule:log("info", "kept");\n`);
    await repo.write("mod_wc_taken/mod_wc_taken.lua", `-- ${content}\nmodule:log("info", "taken");\n`);
  };
  await both("base");
  const added = repo.commit("mod_wc_kept, mod_wc_taken: added");
  await both("A");
  const a = repo.commit("A side");
  repo.hg("update", "--quiet", "-r", added);
  await both("B");
  const b = repo.commit("B side");
  repo.hg("update", "--quiet", "--clean", "-r", a);
  // A merge by hand: both parents set, B's file taken for one module; the other stays A's and is not listed.
  repo.hg("debugsetparents", a, b);
  repo.hg("revert", "--quiet", "--no-backup", "-r", b, "mod_wc_taken/mod_wc_taken.lua");
  const merge = repo.commit("merge keeping A's mod_wc_kept");
  await repo.write("unrelated.txt", "after the merge\n");
  const after = repo.commit("after the merge");
  return { a, b, merge, after };
}
