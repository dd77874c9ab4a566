import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communityRepoPath, indexCommunity } from "../../src/app/community-sync.js";
import type { ModuleName } from "../../src/core/types.js";
import { communityRepo, ensureFixture } from "../helpers/fixture-paths.js";

// The fixture's last changeset adds a module, modifies two and removes one: an incremental index from the one before
// must equal a full index of the tip.
let cacheDir: string;
const isBuiltin = (name: ModuleName): boolean => ["mod_http", "mod_muc", "mod_pep", "mod_disco", "mod_adhoc"].includes(name);

function hg(...args: string[]): string {
  return execFileSync("hg", args, { encoding: "utf8", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
}

beforeAll(async () => {
  await ensureFixture();
  cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-index-"));
}, 300_000);

afterAll(async () => {
  await fs.rm(cacheDir, { recursive: true, force: true });
});

describe("indexCommunity", () => {
  it("re-reads only what changed, and gives what a full index of the tip gives", async () => {
    const repo = communityRepoPath(cacheDir);
    hg("clone", "--quiet", "-r", "1", communityRepo, repo);
    const earlier = await indexCommunity(cacheDir, communityRepo, isBuiltin);
    expect(earlier.community.modules.some((module) => module.name === "mod_require_otr")).toBe(true);
    hg("pull", "--quiet", "--update", "-R", repo, communityRepo);

    const full = await indexCommunity(cacheDir, communityRepo, isBuiltin);
    const incremental = await indexCommunity(cacheDir, communityRepo, isBuiltin, earlier);
    expect(incremental).toEqual(full);
    expect(full.community.modules.some((module) => module.name === "mod_require_otr")).toBe(false);
    expect(full.community.modules.find((module) => module.name === "mod_pastebin")?.changesets).toBe(3);
  }, 120_000);

  it("an index of a revision the repository does not have is no starting point: everything is read again", async () => {
    const full = await indexCommunity(cacheDir, communityRepo, isBuiltin);
    const stranger = { ...full, community: { ...full.community, revision: "abcdef123456", modules: full.community.modules.slice(0, 3) } };
    expect(await indexCommunity(cacheDir, communityRepo, isBuiltin, stranger)).toEqual(full);
  }, 120_000);

  it("reads nothing again when nothing changed: a README edited behind its back stays as indexed", async () => {
    const before = await indexCommunity(cacheDir, communityRepo, isBuiltin);
    const readme = path.join(communityRepoPath(cacheDir), "mod_pastebin", "README.markdown");
    const text = await fs.readFile(readme, "utf8");
    await fs.writeFile(readme, text.replace(/^summary: .*$/m, "summary: edited behind the index's back"));
    try {
      expect(await indexCommunity(cacheDir, communityRepo, isBuiltin, before)).toEqual(before);
    } finally {
      await fs.writeFile(readme, text);
    }
  }, 120_000);
});
