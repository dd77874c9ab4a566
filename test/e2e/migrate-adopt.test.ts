import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRocksServer } from "../../scripts/fixture/rocks-server.js";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, type FixtureHistory, loadHistory, touchingRevisions } from "../helpers/fixture-paths.js";
import { startProsody } from "../helpers/prosody.js";

interface LockfileJson {
  community: Record<string, { revision: string }>;
  rocks: Record<string, { version: string }>;
}

const readLock = async (sandbox: Sandbox): Promise<LockfileJson> => JSON.parse(await fs.readFile(path.join(sandbox.root, "prosody-manager.lock.json"), "utf8")) as LockfileJson;

/** A real Prosody with the sandbox's plugin paths serves pastebin, from whichever source it is installed now. */
async function expectProsodyServesPastebin(sandbox: Sandbox): Promise<void> {
  const prosody = await startProsody({ pluginPaths: [sandbox.communityDir], installerPath: sandbox.installerPath, modulesEnabled: ["pastebin"] });
  try {
    expect(await prosody.httpGet("/pastebin/no-such-paste")).toMatchObject({ status: 200, body: "Invalid paste id, perhaps it expired?" });
  } finally {
    await prosody.stop();
  }
}

describe("module migrate", () => {
  let history: FixtureHistory;
  let sandbox: Sandbox;
  let olderServer: string;

  beforeAll(async () => {
    history = await loadHistory();
    // A rocks server as of changeset 1: mod_pastebin's rock there (2-1) was built from its 2nd changeset, not the tip.
    olderServer = await fs.mkdtemp(path.join(os.tmpdir(), "pm-migrate-rocks-"));
    await buildRocksServer({ repo: communityRepo, out: olderServer, rev: 1, only: ["mod_pastebin"] });
    sandbox = await makeSandbox({ communityUrl: communityRepo, rocksServer: olderServer });
  });
  afterAll(async () => {
    await sandbox.cleanup();
    await fs.rm(olderServer, { recursive: true, force: true });
  });

  it("community → rocks: one step, still enabled, and a real Prosody serves the rock", async () => {
    expect((await sandbox.run(["module", "install", "mod_pastebin", "--enable"])).code).toBe(0);
    const run = await sandbox.run(["module", "migrate", "mod_pastebin", "--to", "rocks", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ from: string; target: string }>(run)).toMatchObject({ from: "community", target: "2-1" });
    await expect(fs.access(path.join(sandbox.communityDir, "mod_pastebin"))).rejects.toThrow();
    await expect(fs.access(path.join(sandbox.installerPath, "share", "lua", "5.4", "mod_pastebin.lua"))).resolves.toBeUndefined();
    const lock = await readLock(sandbox);
    expect(Object.keys(lock.community)).toEqual([]);
    expect(lock.rocks.mod_pastebin?.version).toBe("2-1");
    expect(await fs.readFile(sandbox.configPath, "utf8")).toMatch(/modules_enabled = \{[^}]*"pastebin"/);

    await expectProsodyServesPastebin(sandbox);
  });

  it("rocks → community: the revision the rock was built from, the rock removed, still enabled", async () => {
    const built = touchingRevisions(history, "mod_pastebin")[1];
    if (!built) throw new Error("fixture history: mod_pastebin has fewer than 2 changesets");
    const run = await sandbox.run(["module", "migrate", "mod_pastebin", "--to", "community", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ target: string; note: string }>(run)).toMatchObject({ target: built.node, note: expect.stringMatching(/built from/) });
    expect(await fs.readFile(path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua"), "utf8")).toBe(
      execFileSync("hg", ["cat", "-r", built.node, "mod_pastebin/mod_pastebin.lua"], { encoding: "utf8", cwd: communityRepo }),
    );
    await expect(fs.access(path.join(sandbox.installerPath, "share", "lua", "5.4", "mod_pastebin.lua"))).rejects.toThrow();
    const lock = await readLock(sandbox);
    expect(lock.community.mod_pastebin?.revision).toBe(built.node);
    expect(Object.keys(lock.rocks)).toEqual([]);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toMatch(/modules_enabled = \{[^}]*"pastebin"/);

    await expectProsodyServesPastebin(sandbox);
  });

  it("a module installed from neither source is refused, nothing changed", async () => {
    const run = await sandbox.run(["module", "migrate", "mod_sasl2", "--to", "rocks"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mod_sasl2 is not installed from community by prosody-manager/);
  });
});

describe("module adopt", () => {
  it("records the revision a hand-copied module came from; an edited copy names the nearest", async () => {
    const history = await loadHistory();
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      const old = touchingRevisions(history, "mod_pastebin")[0];
      if (!old) throw new Error("fixture history lacks mod_pastebin");
      // As a bash script would have done it years ago: an export of one old revision, copied in by hand.
      execFileSync("hg", ["archive", "-R", communityRepo, "-r", old.node, "-I", "path:mod_pastebin", "--config", "ui.archivemeta=false", path.join(sandbox.root, "export")]);
      await fs.mkdir(sandbox.communityDir, { recursive: true });
      await fs.cp(path.join(sandbox.root, "export", "mod_pastebin"), path.join(sandbox.communityDir, "mod_pastebin"), { recursive: true });
      execFileSync("hg", ["archive", "-R", communityRepo, "-r", "tip", "-I", "path:mod_sasl2", "--config", "ui.archivemeta=false", path.join(sandbox.root, "export2")]);
      await fs.cp(path.join(sandbox.root, "export2", "mod_sasl2"), path.join(sandbox.communityDir, "mod_sasl2"), { recursive: true });
      await fs.appendFile(path.join(sandbox.communityDir, "mod_sasl2", "mod_sasl2.lua"), "-- patched locally\n");
      expect((await sandbox.run(["module", "sync"])).code).toBe(0);

      const run = await sandbox.run(["module", "adopt", "--json"]);
      expect(run.code).toBe(1);
      const modules = parseJson<{ modules: { name: string; revision: string | null; exact: boolean; adopted: boolean }[] }>(run).modules;
      expect(modules.find((item) => item.name === "mod_pastebin")).toMatchObject({ revision: old.node, exact: true, adopted: true });
      expect(modules.find((item) => item.name === "mod_sasl2")).toMatchObject({ exact: false, adopted: false });
      expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);

      const list = parseJson<{ modules: { name: string; source: string; revision: string; status: string }[] }>(await sandbox.run(["module", "list", "--json"]));
      expect(list.modules.find((item) => item.name === "mod_pastebin")).toMatchObject({ source: "community", revision: old.short, status: "ok" });
      expect(list.modules.find((item) => item.name === "mod_sasl2")?.source).toBe("unmanaged");
      expect((await sandbox.run(["module", "verify"])).code).toBe(0);
      expect(JSON.parse(await fs.readFile(path.join(sandbox.root, "prosody-manager.lock.json"), "utf8")).community.mod_pastebin.revision).toBe(old.node);
    } finally {
      await sandbox.cleanup();
    }
  });
});
