import { randomBytes } from "node:crypto";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ChangesetFiles } from "../../src/core/history.js";
import { readChangelogHistory } from "../../src/sources/community/changelog-history.js";
import { changesetFilesAfter, historyOfDirectories } from "../../src/sources/community/repository-history.js";
import { buildDiscardingMerge, type HgRepo, hgRepo } from "../helpers/hg-repo.js";
import { changesetText, madeRevlog } from "../helpers/revlog-bytes.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

const scratch = scratchDirs("pm-changelog-history-");

/** A history with what hg's log shows in its own ways: a merge, a removal, a rename, names outside ASCII. */
async function historyRepo(initArgs: string[] = []): Promise<HgRepo> {
  const repo = hgRepo(scratch());
  repo.hg("init", ...initArgs);
  await repo.write("README", "root\n");
  repo.commit("root");
  await buildDiscardingMerge(repo);
  await repo.write("mod_ünï/mod_ünï.lua", "-- not ASCII\n");
  await repo.write("mod_gone/mod_gone.lua", "-- soon removed\n");
  repo.commit("two modules");
  await fs.rm(path.join(repo.dir, "mod_gone"), { recursive: true });
  repo.hg("mv", "mod_ünï/mod_ünï.lua", "mod_ünï/renamed.lua");
  repo.commit("remove one, rename in the other");
  return repo;
}

function loggedByHg(repo: HgRepo, revset = "0:tip"): ChangesetFiles[] {
  return repo
    .hg("log", "-r", revset, "-T", "{node}\\x1f{node|short}\\x1f{join(files, '\\x1e')}\\n")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [node = "", short = "", files = ""] = line.split("\u001f");
      return { node, short, files: files === "" ? [] : files.split("\u001e") };
    });
}

async function readByUs(dir: string, after?: string): Promise<ChangesetFiles[] | undefined> {
  const read: ChangesetFiles[] = [];
  return (await readChangelogHistory(dir, (changeset) => read.push(changeset), after)) ? read : undefined;
}

describe("reading the history from the changelog, without hg", () => {
  it("gives what hg's log gives, whole and after a revision, with zstd (this hg's default) and with zlib", async () => {
    for (const initArgs of [[], ["--config", "format.revlog-compression=zlib"]]) {
      const repo = await historyRepo(initArgs);
      const logged = loggedByHg(repo);
      expect(logged.length).toBeGreaterThan(6);
      expect(await readByUs(repo.dir)).toEqual(logged);
      const third = logged[2]?.node ?? "";
      expect(await readByUs(repo.dir, third.slice(0, 12))).toEqual(logged.slice(3));
      expect(await readByUs(repo.dir, third.slice(0, 7))).toEqual(logged.slice(3));
      expect(await readByUs(repo.dir, logged[logged.length - 1]?.node)).toEqual([]);
    }
  });

  it("reads a changelog too large to be inline, its data in the .d file", async () => {
    const repo = await historyRepo();
    // Random text barely compresses: past 128 KB of changelog, hg moves its data out of the index.
    for (let commit = 0; commit < 6; commit++) {
      await repo.write(`mod_big/file${commit}.lua`, `-- ${commit}\n`);
      repo.commit(`big ${commit}\n\n${randomBytes(30_000).toString("base64")}`);
    }
    expect(existsSync(path.join(repo.dir, ".hg", "store", "00changelog.d"))).toBe(true);
    expect(await readByUs(repo.dir)).toEqual(loggedByHg(repo));
  });

  it("rebuilds revisions stored as delta chains, with and without general delta, as old clones may hold them", async () => {
    const texts = [changesetText(["mod_a/mod_a.lua"], "one"), changesetText(["mod_b/README.md", "mod_a/x.lua"], "two"), changesetText([], "three"), changesetText(["mod_c/mod_c.lua"], "four")];
    const layouts = [
      { generalDelta: false, deltas: [undefined, 0, 1, undefined] },
      { generalDelta: true, deltas: [undefined, 0, 0, 2] },
    ];
    for (const { generalDelta, deltas } of layouts) {
      const dir = scratch();
      await fs.mkdir(path.join(dir, ".hg", "store"), { recursive: true });
      await fs.writeFile(path.join(dir, ".hg", "requires"), `revlogv1\nstore\n${generalDelta ? "generaldelta\n" : ""}`);
      const made = madeRevlog(texts.map((text, rev) => ({ text, deltaAgainst: deltas[rev], p1: rev - 1 })), { generalDelta });
      await fs.writeFile(path.join(dir, ".hg", "store", "00changelog.i"), made.index);
      const read = await readByUs(dir);
      expect(read?.map((changeset) => changeset.node)).toEqual(made.nodes);
      expect(read?.map((changeset) => changeset.files)).toEqual([["mod_a/mod_a.lua"], ["mod_b/README.md", "mod_a/x.lua"], [], ["mod_c/mod_c.lua"]]);
      expect((await readByUs(dir, made.nodes[1]))?.map((changeset) => changeset.node)).toEqual(made.nodes.slice(2));
    }
  });

  it("leaves to hg what it cannot vouch for: a changed byte, hidden changesets, an unknown requirement, an unknown revision", async () => {
    const repo = await historyRepo();
    const logged = loggedByHg(repo);
    const index = path.join(repo.dir, ".hg", "store", "00changelog.i");
    const original = await fs.readFile(index);
    const damaged = Buffer.from(original);
    // A byte of the last changeset's stored text: its hash no longer matches.
    damaged[damaged.length - 3] = (damaged[damaged.length - 3] ?? 0) ^ 1;
    await fs.writeFile(index, damaged);
    expect(await readByUs(repo.dir)).toBeUndefined();
    await fs.writeFile(index, original);

    await fs.writeFile(path.join(repo.dir, ".hg", "store", "obsstore"), "\u0001");
    expect(await readByUs(repo.dir)).toBeUndefined();
    await fs.rm(path.join(repo.dir, ".hg", "store", "obsstore"));

    const requires = path.join(repo.dir, ".hg", "requires");
    const listed = await fs.readFile(requires, "utf8");
    await fs.writeFile(requires, `${listed}exp-some-future-format\n`);
    expect(await readByUs(repo.dir)).toBeUndefined();
    await fs.writeFile(requires, listed);

    expect(await readByUs(repo.dir, "0123456789ab")).toBeUndefined();
    expect(await readByUs(repo.dir, "tip")).toBeUndefined();
    expect(await readByUs(repo.dir)).toEqual(logged);
  });

  it("the sync's readers answer as hg does when hg hides a pruned changeset the changelog still holds", async () => {
    const repo = await historyRepo();
    const whole = loggedByHg(repo);
    const fromChangelog = await historyOfDirectories(repo.dir);
    expect(fromChangelog.last).toBe(whole[whole.length - 1]?.short);
    expect(await changesetFilesAfter(repo.dir, whole[0]?.short ?? "")).toEqual(whole.slice(1));
    // The tip pruned (an obsolescence marker without successor), the working copy moved off it: hg's log hides it.
    const tip = whole[whole.length - 1]?.node ?? "";
    repo.hg("update", "--quiet", "-r", ".^");
    repo.hg("--config", "experimental.evolution=all", "debugobsolete", tip);
    const visible = loggedByHg(repo);
    expect(visible).toEqual(whole.slice(0, -1));
    expect(await readByUs(repo.dir)).toBeUndefined();
    const fold = await historyOfDirectories(repo.dir);
    expect(fold.last).toBe(visible[visible.length - 1]?.short);
    expect(fold.directories).not.toEqual(fromChangelog.directories);
    expect(await changesetFilesAfter(repo.dir, whole[0]?.short ?? "")).toEqual(visible.slice(1));
    await expect(changesetFilesAfter(repo.dir, "0123456789ab")).rejects.toThrow(/no revision 0123456789ab/);
  });
});
