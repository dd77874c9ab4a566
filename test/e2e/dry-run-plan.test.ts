import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, makeSyncedSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory, rocksDir, type FixtureHistory } from "../helpers/fixture-paths.js";

interface RocksInstallJson {
  rocks: { name: string; version: string | null; action: string; reason: string }[];
  installed: { name: string; version: string; reason: string }[];
  dependencies: { name: string; neededBy: string; constraint: string; status: string; version: string | null }[];
}

// "The dry-run is the real plan": what a dry run shows (and refuses) is what the real run then does (and refuses).

let history: FixtureHistory;
beforeAll(async () => {
  history = await loadHistory();
});

describe("a module missing at the requested revision", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSyncedSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it("is an error before anything is made, in the dry run and the real run alike", async () => {
    // mod_unified_push is added by the fixture's last changeset: revision 0 has no such directory.
    const first = history.revisions[0]?.short ?? "";
    expect(history.revisions.find((revision) => revision.added.includes("mod_unified_push"))?.rev).toBeGreaterThan(0);
    for (const extra of [["--dry-run"], []]) {
      const run = await sandbox.run(["module", "install", `mod_unified_push@${first}`, ...extra]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`mod_unified_push does not exist at revision ${first}`));
      expect(run.stderr).toMatch(/hint: see 'prosody-manager module log mod_unified_push'/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      await expect(fs.access(sandbox.communityDir)).rejects.toThrow();
    }
    const misspelt = await sandbox.run(["module", "install", `mod_unified_pus@${first}`, "--dry-run"]);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(/did you mean mod_unified_push\?/);
  });

  it("names what is already installed, dependencies included", async () => {
    expect((await sandbox.run(["module", "install", "mod_sasl2", "--no-config"])).code).toBe(0);
    const dry = await sandbox.run(["module", "install", "mod_sasl2_fast", "--no-config", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^mod_sasl2 at [0-9a-f]{12} is already installed \(needed by mod_sasl2_fast\)$/m);
    expect(dry.stdout).toMatch(/^would install mod_sasl2_fast at [0-9a-f]{12}$/m);
    expect((await sandbox.run(["module", "remove", "mod_sasl2", "--no-config"])).code).toBe(0);
    await fs.rm(sandbox.communityDir, { recursive: true, force: true });
  });

  it("refuses into an existing community directory too, leaving it as it was", async () => {
    await fs.mkdir(sandbox.communityDir, { recursive: true });
    const run = await sandbox.run(["module", "install", "mod_unified_push", "--rev", "0"]);
    expect(run.code).toBe(1);
    expect(await fs.readdir(sandbox.communityDir)).toEqual([]);
  });
});

describe("a rocks dry run shows what LuaRocks will do", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterEach(() => sandbox.cleanup());

  it("lists the dependencies from the rockspecs, and the run installs exactly those", async () => {
    const dry = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--no-config", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would install mod_sasl2 2-1 \(dependency of mod_sasl2_fast\)$/m);
    expect(dry.stdout).toMatch(/^would install mod_sasl2_fast 1-1$/m);
    await expect(fs.access(sandbox.installerPath)).rejects.toThrow();

    const plan = parseJson<RocksInstallJson>(await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--no-config", "--dry-run", "--json"]));
    const planned = plan.rocks.filter((rock) => rock.action !== "keep").map((rock) => `${rock.name} ${rock.version} ${rock.reason}`).sort();
    expect(planned).toEqual(["mod_sasl2 2-1 dependency", "mod_sasl2_fast 1-1 requested"]);
    expect(plan.dependencies).toEqual([{ name: "mod_sasl2", neededBy: "mod_sasl2_fast", constraint: "", status: "install", version: "2-1" }]);

    const real = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--no-config", "--json"]);
    expect(real.code).toBe(0);
    expect(parseJson<RocksInstallJson>(real).installed.map((rock) => `${rock.name} ${rock.version} ${rock.reason}`).sort()).toEqual(planned);
    const list = parseJson<{ rocks: { name: string; version: string }[] }>(await sandbox.run(["module", "rocks", "list", "--json"]));
    expect(list.rocks.map((rock) => `${rock.name} ${rock.version}`)).toEqual(["mod_sasl2 2-1", "mod_sasl2_fast 1-1"]);
  });

  it("says 'already installed' for a dependency the tree has, and plans nothing for it", async () => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_sasl2", "--no-config"])).code).toBe(0);
    const dry = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "mod_sasl2", "--no-config", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^mod_sasl2 2-1 is already installed$/m);
    expect(dry.stdout).toMatch(/^mod_sasl2_fast needs mod_sasl2: already installed \(2-1\)$/m);
    expect(dry.stdout).not.toMatch(/would install mod_sasl2 /);
  });

  it("refuses, in the dry run as in the run, a dependency the server does not offer, changing nothing", async () => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_sasl2", "--no-config"])).code).toBe(0);
    const before = await snapshotTree(sandbox.installerPath);
    for (const extra of [["--dry-run"], []]) {
      const run = await sandbox.run(["module", "rocks", "install", "mod_bob", "--no-config", ...extra]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/LuaRocks would refuse this install: mod_bob 1-1: it needs mod_cache_c2s_caps, which .* does not offer/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
    }
  });

  it("refuses a version constraint the server cannot meet", async () => {
    // A copy of the fixture's server whose mod_sasl2_fast asks for a mod_sasl2 newer than any published.
    const server = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-constraint-"));
    try {
      await fs.cp(rocksDir, server, { recursive: true });
      const rockspec = path.join(server, "mod_sasl2_fast-1-1.rockspec");
      await fs.writeFile(rockspec, (await fs.readFile(rockspec, "utf8")).replace('"mod_sasl2",', '"mod_sasl2 >= 5",'));
      const run = await sandbox.run(["--rocks-server", server, "module", "rocks", "install", "mod_sasl2_fast", "--no-config", "--dry-run"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/mod_sasl2_fast 1-1: it needs mod_sasl2 >= 5, and .* offers only 2-1, 1-1/);
    } finally {
      await fs.rm(server, { recursive: true, force: true });
    }
  });

  it("module update plans the dependencies a newer version brings", async () => {
    // A copy of the fixture's server whose newest mod_pastebin depends on mod_sasl2.
    const server = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-newdep-"));
    try {
      await fs.cp(rocksDir, server, { recursive: true });
      const rockspec = path.join(server, "mod_pastebin-3-1.rockspec");
      const text = await fs.readFile(rockspec, "utf8");
      await fs.writeFile(rockspec, /^dependencies = /m.test(text) ? text.replace(/^dependencies = \{/m, 'dependencies = {\n   "mod_sasl2",') : `${text}\ndependencies = { "mod_sasl2" }\n`);
      const flags = ["--rocks-server", server];
      expect((await sandbox.run([...flags, "module", "rocks", "install", "mod_pastebin@2-1", "--no-config"])).code).toBe(0);
      expect((await sandbox.run([...flags, "module", "unpin", "mod_pastebin"])).code).toBe(0);
      expect((await sandbox.run([...flags, "module", "sync"])).code).toBe(0);
      const run = await sandbox.run([...flags, "module", "update", "--dry-run", "--json"]);
      expect(run.code, run.stderr).toBe(0);
      const rocks = parseJson<{ rocks: { name: string; fromVersion: string | null; version: string | null }[] }>(run).rocks;
      expect(rocks).toEqual([
        { name: "mod_sasl2", fromVersion: null, version: "2-1" },
        { name: "mod_pastebin", fromVersion: "2-1", version: "3-1" },
      ]);
    } finally {
      await fs.rm(server, { recursive: true, force: true });
    }
  });
});
