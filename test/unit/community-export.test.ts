import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportModules } from "../../src/app/community-export.js";
import type { ModuleName } from "../../src/core/types.js";
import { archiveModules } from "../../src/sources/community/hg.js";
import { cleanAt, workingCopyParent } from "../../src/sources/community/working-copy.js";
import { hashTree } from "../../src/system/tree-hash.js";
import { type FixtureHistory, communityRepo, ensureFixture, loadHistory } from "../helpers/fixture-paths.js";

// Real hg on a clone of the fixture: one export for many modules, and a clean working copy needing no hg at all.
let root: string;
let repo: string;
let history: FixtureHistory;
const names = ["mod_pastebin", "mod_cloud_notify", "mod_sasl2"] as ModuleName[];

function hg(...args: string[]): string {
  return execFileSync("hg", args, { encoding: "utf8", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
}

beforeAll(async () => {
  await ensureFixture();
  history = await loadHistory();
  root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-export-"));
  repo = path.join(root, "repo");
  hg("clone", "--quiet", communityRepo, repo);
  // Files hg wrote in the second it recorded them carry an unset mtime; dated back, `hg status` records them all.
  execFileSync("find", [repo, "-path", `${repo}/.hg`, "-prune", "-o", "-type", "f", "-exec", "touch", "-d", "1 hour ago", "{}", "+"]);
  hg("status", "-R", repo);
}, 300_000);

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const tip = (): { node: string; short: string } => {
  const last = history.revisions[history.revisions.length - 1];
  if (!last) throw new Error("no history");
  return { node: last.node, short: last.short };
};

describe("archiveModules", () => {
  it("writes every named directory at the revision in one run", async () => {
    const dest = path.join(root, "archive");
    await archiveModules(repo, tip().node, names, dest);
    for (const name of names) expect(await hashTree(path.join(dest, name)), name).toBe(await hashTree(path.join(repo, name)));
    expect((await fs.readdir(dest)).sort()).toEqual([...names].sort());
  }, 60_000);
});

describe("the working copy", () => {
  it("is read from the dirstate: at tip and clean after a clone", async () => {
    expect(await workingCopyParent(repo)).toBe(tip().node);
    expect(await cleanAt(repo, tip().node, names)).toBe(true);
  });

  it("is not clean under an edit, an untracked file, or at another revision", async () => {
    const file = path.join(repo, "mod_pastebin", "mod_pastebin.lua");
    const [before, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
    await fs.appendFile(file, "-- local edit\n");
    expect(await cleanAt(repo, tip().node, ["mod_pastebin"])).toBe(false);
    await fs.writeFile(file, before);
    await fs.utimes(file, stat.atime, stat.mtime);
    expect(await cleanAt(repo, tip().node, ["mod_pastebin"])).toBe(true);
    await fs.writeFile(path.join(repo, "mod_sasl2", "notes.txt"), "mine\n");
    expect(await cleanAt(repo, tip().node, ["mod_sasl2"])).toBe(false);
    await fs.rm(path.join(repo, "mod_sasl2", "notes.txt"));
    expect(await cleanAt(repo, history.revisions[0]?.node ?? "", ["mod_cloud_notify"])).toBe(false);
  });
});

describe("exportModules", () => {
  it("copies modules at their newest revision from a clean working copy without running hg", async () => {
    const newest = new Map(names.map((name) => [name, hg("log", "-R", repo, "-r", `last(file('path:${name}'))`, "-T", "{node|short}").trim()]));
    const store = path.join(repo, ".hg", "store");
    // With the store moved away any hg command fails: success proves the files came from the working copy.
    await fs.rename(store, `${store}.away`);
    try {
      const staging = await fs.mkdtemp(path.join(root, "stage-"));
      const requests = names.map((name) => ({ name, revision: newest.get(name) ?? "" }));
      const out = await exportModules(repo, staging, requests, { revision: tip().short, newest });
      for (const name of names) {
        expect(out.get(name)?.short).toBe(newest.get(name));
        expect(await hashTree(out.get(name)?.dir ?? ""), name).toBe(await hashTree(path.join(repo, name)));
      }
    } finally {
      await fs.rename(`${store}.away`, store);
    }
  }, 60_000);

  it("exports an older revision with hg, and names a revision the repository does not know", async () => {
    const first = history.revisions[0];
    if (!first) throw new Error("no history");
    const staging = await fs.mkdtemp(path.join(root, "stage-"));
    const out = await exportModules(repo, staging, [{ name: "mod_pastebin" as ModuleName, revision: first.short }]);
    const older = await fs.readFile(path.join(out.get("mod_pastebin" as ModuleName)?.dir ?? "", "mod_pastebin.lua"), "utf8");
    expect(older).not.toBe(await fs.readFile(path.join(repo, "mod_pastebin", "mod_pastebin.lua"), "utf8"));
    await expect(exportModules(repo, staging, [{ name: "mod_pastebin" as ModuleName, revision: "0123456789ab" }])).rejects.toThrow(/unknown revision '0123456789ab'/);
  }, 60_000);
});
