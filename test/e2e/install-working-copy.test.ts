import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { upstreamCopy } from "../helpers/fixture-paths.js";
import { buildDiscardingMerge, hgRepo } from "../helpers/hg-repo.js";

// Installs copy a module from the cache's working copy only when its content there is provably its content at the
// revision recorded; these cases must come out as an `hg archive` at that revision would.

interface LockfileJson {
  community: Record<string, { revision: string; treeHash: string }>;
}

const readLock = async (sandbox: Sandbox): Promise<LockfileJson> => JSON.parse(await fs.readFile(path.join(sandbox.root, "prosody-manager.lock.json"), "utf8")) as LockfileJson;
const installed = (sandbox: Sandbox, name: string, file: string): Promise<string> => fs.readFile(path.join(sandbox.communityDir, name, file), "utf8");
const committed = (repo: string, revision: string, file: string): string => execFileSync("hg", ["cat", "-R", repo, "-r", revision, `path:${file}`], { encoding: "utf8", env: { ...process.env, HGPLAIN: "1" } });

describe("community installs from the cache's working copy", () => {
  let root: string;
  let upstream: string;
  let history: Awaited<ReturnType<typeof buildDiscardingMerge>>;
  let synced: Sandbox;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-wc-"));
    upstream = upstreamCopy(path.join(root, "upstream"));
    history = await buildDiscardingMerge(hgRepo(upstream));
    synced = await makeSandbox({ communityUrl: upstream });
    const sync = await synced.run(["module", "sync"]);
    if (sync.code !== 0) throw new Error(`sync failed: ${sync.stderr}`);
  });
  afterAll(async () => {
    await synced.cleanup();
    await fs.rm(root, { recursive: true, force: true });
  });

  it("behind a merge that discarded the newest change, the module comes from its recorded revision, not the working copy", async () => {
    const sandbox = await makeSandbox({ communityUrl: upstream, cacheFrom: synced.cacheDir });
    try {
      const run = await sandbox.run(["module", "install", "--no-config", "mod_wc_kept", "mod_wc_taken"]);
      expect(run.code, run.stderr).toBe(0);
      const lock = await readLock(sandbox);
      // The newest changeset touching mod_wc_kept by number is B's side; the merge kept A's file.
      expect(lock.community.mod_wc_kept?.revision).toBe(history.b);
      expect(await installed(sandbox, "mod_wc_kept", "mod_wc_kept.lua")).toBe(committed(upstream, history.b, "mod_wc_kept/mod_wc_kept.lua"));
      expect(await installed(sandbox, "mod_wc_kept", "mod_wc_kept.lua")).toMatch(/^-- B\n/);
      const workingCopy = await fs.readFile(path.join(sandbox.cacheDir, "community", "mod_wc_kept", "mod_wc_kept.lua"), "utf8");
      expect(workingCopy).toMatch(/^-- A\n/);
      // mod_wc_taken's newest change is the merge itself, with no merge after it: the working copy holds it.
      expect(lock.community.mod_wc_taken?.revision).toBe(history.merge);
      expect(await installed(sandbox, "mod_wc_taken", "mod_wc_taken.lua")).toBe(committed(upstream, history.merge, "mod_wc_taken/mod_wc_taken.lua"));
      expect(await installed(sandbox, "mod_wc_taken", "mod_wc_taken.lua")).toMatch(/^-- B\n/);
    } finally {
      await sandbox.cleanup();
    }
  });

  it("a module edited in the cache's working copy, or holding an untracked file, installs as committed", async () => {
    const sandbox = await makeSandbox({ communityUrl: upstream, cacheFrom: synced.cacheDir });
    try {
      const cached = path.join(sandbox.cacheDir, "community");
      await fs.appendFile(path.join(cached, "mod_wc_taken", "mod_wc_taken.lua"), "-- edited by an admin in the cache\n");
      await fs.writeFile(path.join(cached, "mod_pastebin", "notes.txt"), "an admin's notes\n");
      const run = await sandbox.run(["module", "install", "--no-config", "mod_wc_taken", "mod_pastebin"]);
      expect(run.code, run.stderr).toBe(0);
      const lock = await readLock(sandbox);
      const taken = await installed(sandbox, "mod_wc_taken", "mod_wc_taken.lua");
      expect(taken).toBe(committed(upstream, history.merge, "mod_wc_taken/mod_wc_taken.lua"));
      expect(taken).not.toContain("edited by an admin");
      const pastebin = lock.community.mod_pastebin?.revision ?? "";
      expect(await installed(sandbox, "mod_pastebin", "mod_pastebin.lua")).toBe(committed(upstream, pastebin, "mod_pastebin/mod_pastebin.lua"));
      await expect(fs.access(path.join(sandbox.communityDir, "mod_pastebin", "notes.txt"))).rejects.toThrow();
    } finally {
      await sandbox.cleanup();
    }
  });

  it("a pin at an older revision installs that revision's content, whatever the working copy holds", async () => {
    const sandbox = await makeSandbox({ communityUrl: upstream, cacheFrom: synced.cacheDir });
    try {
      const run = await sandbox.run(["module", "install", "--no-config", `mod_wc_taken@${history.a.slice(0, 12)}`]);
      expect(run.code, run.stderr).toBe(0);
      expect((await readLock(sandbox)).community.mod_wc_taken?.revision).toBe(history.a);
      expect(await installed(sandbox, "mod_wc_taken", "mod_wc_taken.lua")).toMatch(/^-- A\n/);
    } finally {
      await sandbox.cleanup();
    }
  });
});
