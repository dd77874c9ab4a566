import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { linearTail } from "../../src/core/linear-tail.js";
import { contentAtParent, newestNodes } from "../../src/core/model/parent-content.js";
import type { ModuleName } from "../../src/core/types.js";
import { readChangelog, tailFromChangelog } from "../../src/sources/community/changelog-index.js";
import { withHg, withoutHg } from "../../src/sources/community/linear-tail.js";
import { type DirstateEntry, judgeFile, readTrackedTree } from "../../src/sources/community/working-copy.js";
import { buildDiscardingMerge, hgRepo } from "../helpers/hg-repo.js";

const name = (text: string): ModuleName => text as ModuleName;

describe("linearTail", () => {
  it("keeps the ancestors from which the head is reached without crossing a merge", () => {
    // 0 ─ 1 ─┬─ 3 (merge of 1 and 2) ─ 4 ─ 5;  0 ─ 2;  6 is another head off 4.
    const p1 = [-1, 0, 0, 1, 3, 4, 4];
    const p2 = [-1, -1, -1, 2, -1, -1, -1];
    expect([...linearTail({ p1, p2 }, 5)].sort()).toEqual([3, 4, 5]);
    expect([...linearTail({ p1, p2 }, 1)].sort()).toEqual([0, 1]);
    expect([...linearTail({ p1, p2 }, 3)].sort()).toEqual([3]);
  });
});

describe("contentAtParent", () => {
  const parent = "a".repeat(40);
  const facts = {
    catalogueRevision: parent.slice(0, 12),
    parent,
    newest: new Map([
      [name("mod_linear"), "1".repeat(40)],
      [name("mod_behind_merge"), "2".repeat(40)],
      [name("mod_edited"), "1".repeat(40)],
    ]),
    linear: new Set(["1".repeat(40), parent]),
    changed: new Set(["mod_edited/mod_edited.lua"]),
  };

  it("claims only modules whose revision is in the parent's linear tail and whose directory has no changes", () => {
    expect(contentAtParent(facts)?.same).toEqual(new Map([[name("mod_linear"), "1".repeat(40)]]));
  });

  it("claims nothing when the catalogue was indexed at another changeset than the working copy's parent", () => {
    expect(contentAtParent({ ...facts, catalogueRevision: "b".repeat(12) })).toBeUndefined();
    expect(contentAtParent({ ...facts, parent: undefined })).toBeUndefined();
  });

  it("newestNodes maps each catalogued module to the full hash of its revision, skipping what hg did not know", () => {
    const modules = new Map([
      [name("mod_a"), { revision: "111111111111" }],
      [name("mod_b"), { revision: "222222222222" }],
      [name("mod_c"), { revision: undefined }],
    ]);
    expect(newestNodes(modules, new Map([["111111111111", { node: "1".repeat(40) }]]))).toEqual(new Map([[name("mod_a"), "1".repeat(40)]]));
  });
});

describe("judgeFile", () => {
  const entry: DirstateEntry = { state: "n", mode: 0o100644, size: 12, mtime: 1_700_000_000 };
  const disk = { isFile: true, size: 12, mtimeMs: 1_700_000_000_500 };

  it("is clean only with hg's recorded size and mtime, unsure when hg recorded no mtime, changed otherwise", () => {
    expect(judgeFile(entry, disk)).toBe("clean");
    expect(judgeFile({ ...entry, mtime: -1 }, disk)).toBe("unsure");
    expect(judgeFile(entry, { ...disk, size: 13 })).toBe("changed");
    expect(judgeFile(entry, { ...disk, mtimeMs: 1_700_000_001_000 })).toBe("changed");
    expect(judgeFile({ ...entry, state: "a" }, disk)).toBe("changed");
    expect(judgeFile({ ...entry, mode: 0o120777 }, disk)).toBe("changed");
    expect(judgeFile(entry, { ...disk, isFile: false })).toBe("changed");
    expect(judgeFile(entry, undefined)).toBe("changed");
  });
});

describe("reading the changelog index without hg", () => {
  it("resolves revisions and finds the linear tail exactly as hg's revsets do", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-changelog-"));
    try {
      const repo = hgRepo(dir);
      repo.hg("init");
      await repo.write("README", "root\n");
      repo.commit("root");
      const history = await buildDiscardingMerge(repo);
      const changelog = await readChangelog(dir);
      const tree = await readTrackedTree(dir);
      if (!changelog || !tree) throw new Error("the index or the dirstate was not read");
      expect(tree.parent).toBe(history.after);
      expect(changelog.nodes).toEqual(repo.hg("log", "-r", "0:tip", "-T", "{node}\\n").trim().split("\n"));
      const specs = [history.a.slice(0, 12), history.b.slice(0, 12), history.merge.slice(0, 12), "0123456789ab"];
      const tail = tailFromChangelog(changelog, tree.parent, specs);
      expect(tail?.nodes.get(history.b.slice(0, 12))?.node).toBe(history.b);
      expect(tail?.nodes.has("0123456789ab")).toBe(false);
      const byHg = repo.hg("log", "-r", "(::.) - ::parents(merge() and ::.)", "-T", "{node}\\n").trim().split("\n");
      expect([...(tail?.linear ?? [])].sort()).toEqual(byHg.sort());
      expect(tail?.linear.has(history.merge)).toBe(true);
      expect(tail?.linear.has(history.b)).toBe(false);
      // hg's own answer (the path taken when the files are in another format) is the same, and lists edits.
      await repo.write("mod_wc_taken/mod_wc_taken.lua", "-- edited\n");
      const hgAnswer = await withHg(dir, specs);
      const filesAnswer = await withoutHg(dir, specs);
      expect(hgAnswer?.parent).toBe(history.after);
      expect(hgAnswer?.nodes).toEqual(filesAnswer?.nodes);
      expect([...(hgAnswer?.linear ?? [])].sort()).toEqual([...(filesAnswer?.linear ?? [])].filter((node) => specs.some((spec) => node.startsWith(spec))).sort());
      expect(hgAnswer?.changed).toEqual(new Set(["mod_wc_taken/mod_wc_taken.lua"]));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
