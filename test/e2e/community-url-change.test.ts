import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSyncedSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, rocksDir } from "../helpers/fixture-paths.js";
import { hgRepo } from "../helpers/hg-repo.js";

// The cache is a copy of the repository the admin names. Pointing the community URL at another repository that does
// not share its history (a fork made anew rather than cloned, a converted mirror) used to fail every later sync with
// hg's "repository is unrelated", the old catalogue kept; a source that cannot be fetched keeps its previous copy,
// and says whose copy that is when it came from elsewhere.
describe("a community URL that changes to another repository", () => {
  let sandbox: Sandbox;
  let other: string;
  beforeAll(async () => {
    sandbox = await makeSyncedSandbox();
    other = path.join(sandbox.root, "other-repository");
    await fs.mkdir(other);
    const repo = hgRepo(other);
    repo.hg("init");
    await repo.write("mod_only_elsewhere/README.md", "---\nsummary: A module only the other repository has\nlabels:\n- Stage-Beta\n---\n");
    await repo.write("mod_only_elsewhere/mod_only_elsewhere.lua", 'module:log("info", "elsewhere");\n');
    repo.commit("mod_only_elsewhere: added");
  });
  afterAll(() => sandbox.cleanup());

  it("an unrelated repository is cloned again in place of the cache, and the catalogue is of it alone", async () => {
    const run = await sandbox.run(["--community-url", other, "module", "sync"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/community: cloned at [0-9a-f]{12} \(the cache held another repository, unrelated to this one\)/);
    expect(run.stdout).toContain("catalogue: 1 community modules");
    const search = parseJson<{ results: { name: string; sources: string[] }[] }>(await sandbox.run(["--community-url", other, "module", "search", "--json"]));
    expect(search.results.filter((hit) => hit.sources.includes("community")).map((hit) => hit.name)).toEqual(["mod_only_elsewhere"]);
    const paths = await fs.readFile(path.join(sandbox.cacheDir, "community", ".hg", "hgrc"), "utf8");
    expect(paths).toContain(other);
    // And it is a clone like any other: the next sync finds nothing new.
    const again = await sandbox.run(["--community-url", other, "module", "sync"]);
    expect(again.stdout).toMatch(/community: already up to date at/);
  });

  it("a source that cannot be fetched keeps its previous copy and names where that copy came from", async () => {
    // Back to the fixture's repository, unrelated to the other one too: cloned again, and the catalogue written anew.
    const back = parseJson<{ changed: boolean; sources: { detail: string }[] }>(await sandbox.run(["--community-url", communityRepo, "module", "sync", "--json"]));
    expect(back.changed).toBe(true);
    expect(back.sources[0]?.detail).toMatch(/the cache held another repository/);
    const missing = path.join(sandbox.root, "no-such-repository");
    const community = await sandbox.run(["--community-url", missing, "module", "sync"]);
    expect(community.code).toBe(1);
    expect(community.stderr).toContain(`(kept the previous copy, which is of ${communityRepo})`);
    const rocks = await sandbox.run(["--community-url", communityRepo, "--rocks-server", path.join(sandbox.root, "no-rocks-here"), "module", "sync"]);
    expect(rocks.code).toBe(1);
    expect(rocks.stderr).toContain(`(kept the previous copy, which is of ${rocksDir})`);
    const same = await sandbox.run(["--community-url", communityRepo, "--rocks-server", path.join(sandbox.root, "no-rocks-here"), "module", "sync", "--json"]);
    expect(same.stderr).toContain("(kept the previous copy, which is of");
    // The community source was current and the rocks one failed: nothing new, the catalogue not written.
    expect(parseJson<{ changed: boolean }>(same).changed).toBe(false);
  });
});
