import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRocksServer } from "../../scripts/fixture/rocks-server.js";
import { makeSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo, rocksDir } from "../helpers/fixture-paths.js";
import { serveDirectory, type RunningServer, type Served } from "../helpers/http-server.js";

interface RocksListJson {
  rocks: { name: string; version: string }[];
}

async function prosodyConfig(sandbox: Sandbox, server: string): Promise<string> {
  const file = path.join(sandbox.root, "interop.cfg.lua");
  await fs.mkdir(path.join(sandbox.root, "data"), { recursive: true });
  await fs.writeFile(file, `installer_plugin_path = "${sandbox.installerPath}"\nplugin_server = "${server}"\ndata_path = "${sandbox.root}/data"\nVirtualHost "localhost"\n`);
  return file;
}

describe("rocks from a rocks server over HTTP, with the real LuaRocks", () => {
  // One server; a new sandbox (empty tree) for each test, which installs the rocks it starts from.
  let server: RunningServer;
  let sandbox: Sandbox;
  beforeAll(async () => {
    server = await serveDirectory(rocksDir);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo, rocksServer: server.url });
  });
  afterEach(() => sandbox.cleanup());
  const installSasl2Fast = async (): Promise<void> => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast"])).code).toBe(0);
  };

  it("installs a rock with its rock dependency into a new tree, readable by prosody", async () => {
    const run = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fast", "--json"]);
    expect(run.code).toBe(0);
    const installed = parseJson<{ installed: { name: string }[] }>(run).installed.map((rock) => rock.name).sort();
    expect(installed).toEqual(["mod_sasl2", "mod_sasl2_fast"]);
    const file = path.join(sandbox.installerPath, "share/lua/5.4/mod_sasl2.lua");
    const stat = await fs.stat(file);
    const prosodyUid = Number(execFileSync("id", ["-u", "prosody"], { encoding: "utf8" }).trim());
    expect(stat.uid).toBe(prosodyUid);
    const list = parseJson<RocksListJson>(await sandbox.run(["module", "rocks", "list", "--json"]));
    expect(list.rocks.map((rock) => `${rock.name} ${rock.version}`)).toEqual(["mod_sasl2 2-1", "mod_sasl2_fast 1-1"]);
  });

  it("module list shows rocks beside community modules, saying where each came from", async () => {
    await installSasl2Fast();
    expect((await sandbox.run(["module", "install", "mod_pastebin"])).code).toBe(0);
    const list = parseJson<{ modules: { name: string; source: string }[] }>(await sandbox.run(["module", "list", "--json"]));
    expect(list.modules.map((module) => `${module.name}:${module.source}`)).toEqual(["mod_pastebin:community", "mod_sasl2:rocks", "mod_sasl2_fast:rocks"]);
  });

  it("refuses to remove a rock another depends on, leaving the tree as it was", async () => {
    await installSasl2Fast();
    const before = await snapshotTree(sandbox.installerPath);
    const run = await sandbox.run(["module", "rocks", "remove", "mod_sasl2"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/other rocks depend on it: mod_sasl2_fast/);
    expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
  });

  it("a rock whose dependency is on no server fails and leaves the tree as it was", async () => {
    await installSasl2Fast();
    const before = await snapshotTree(sandbox.installerPath);
    const run = await sandbox.run(["module", "rocks", "install", "mod_bob"]);
    expect(run.code).toBe(1);
    // Refused while planning, from mod_bob's rockspec, before LuaRocks runs: the dry run says the same.
    expect(run.stderr).toMatch(/LuaRocks would refuse this install: mod_bob 1-1: it needs mod_cache_c2s_caps, which http:\/\/127\.0\.0\.1:\d+\/? does not offer/);
    expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
  });

  it("an unknown rock and a bad version are clear errors", async () => {
    const unknown = await sandbox.run(["module", "rocks", "install", "mod_sasl2_fats"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no rock mod_sasl2_fats on http:\/\/127\.0\.0\.1/);
    expect(unknown.stderr).toMatch(/did you mean mod_sasl2_fast/);
    const version = await sandbox.run(["module", "rocks", "install", "mod_pastebin@9-1"]);
    expect(version.code).toBe(1);
    expect(version.stderr).toMatch(/no version 9-1 .*available: 3-1, 2-1, 1-1/s);
    const bad = await sandbox.run(["module", "rocks", "install", "mod_pastebin@--x"]);
    expect(bad.code).toBe(2);
  });

  it("removes rocks", async () => {
    await installSasl2Fast();
    const run = await sandbox.run(["module", "rocks", "remove", "mod_sasl2_fast", "mod_sasl2", "--json"]);
    expect(run.code).toBe(0);
    expect(parseJson<RocksListJson>(await sandbox.run(["module", "rocks", "list", "--json"])).rocks).toEqual([]);
  });
});

describe("rocks errors leave the tree unchanged", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    expect((await sandbox.run(["module", "rocks", "install", "mod_pastebin@1-1"])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  it("server unreachable", async () => {
    const before = await snapshotTree(sandbox.installerPath);
    const run = await sandbox.run(["--rocks-server", "http://127.0.0.1:9/rocks/", "module", "rocks", "install", "mod_cloud_notify"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not fetch the rocks manifest from http:\/\/127\.0\.0\.1:9\/rocks\//);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
  });

  it("a broken rockspec (its source archive is gone)", async () => {
    const server = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-broken-"));
    try {
      for (const file of ["mod_pastebin-3-1.rockspec", "mod_pastebin-3-1.src.rock"]) await fs.copyFile(path.join(rocksDir, file), path.join(server, file));
      await fs.writeFile(
        path.join(server, "mod_broken-1-1.rockspec"),
        'package = "mod_broken"\nversion = "1-1"\nsource = { url = "file:///nonexistent/mod_broken-1.tar.gz" }\nbuild = { type = "builtin", modules = { mod_broken = "mod_broken.lua" } }\n',
      );
      execFileSync("luarocks-admin", ["make_manifest", "--lua-version=5.4", server], { stdio: "ignore" });
      const before = await snapshotTree(sandbox.installerPath);
      const run = await sandbox.run(["--rocks-server", server, "module", "rocks", "install", "mod_broken"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/luarocks could not install mod_broken 1-1: .*mod_broken-1\.tar\.gz/);
      expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
    } finally {
      await fs.rm(server, { recursive: true, force: true });
    }
  });

  it("LuaRocks missing", async () => {
    const before = await snapshotTree(sandbox.installerPath);
    const bin = path.join(sandbox.root, "bin-without-luarocks");
    await fs.mkdir(bin, { recursive: true });
    const run = await sandbox.run(["module", "rocks", "install", "mod_cloud_notify"], { PATH: bin });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/'luarocks' is not installed/);
    expect(await snapshotTree(sandbox.installerPath)).toEqual(before);
  });

  it("outdated after a newer version is published, then update installs it", async () => {
    const older = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-old-"));
    try {
      // Published as of changeset 1: mod_pastebin 2-1 and mod_sasl2 1-1 are the newest there.
      await buildRocksServer({ repo: communityRepo, out: older, rev: 1, only: ["mod_pastebin", "mod_sasl2", "mod_sasl2_fast"] });
      const flags = ["--rocks-server", older];
      expect((await sandbox.run([...flags, "module", "rocks", "install", "mod_sasl2_fast"])).code).toBe(0);
      expect(parseJson<{ outdated: unknown[] }>(await sandbox.run([...flags, "module", "rocks", "outdated", "--json"])).outdated).toEqual([
        { name: "mod_pastebin", installed: "1-1", latest: "2-1" },
      ]);
      // The newer server is the full fixture: mod_sasl2 and mod_pastebin have newer versions there.
      const outdated = parseJson<{ outdated: unknown[] }>(await sandbox.run(["module", "rocks", "outdated", "--json"])).outdated;
      expect(outdated).toEqual([
        { name: "mod_pastebin", installed: "1-1", latest: "3-1" },
        { name: "mod_sasl2", installed: "1-1", latest: "2-1" },
      ]);
      expect((await sandbox.run(["module", "sync"])).code).toBe(0);
      // mod_pastebin was installed as mod_pastebin@1-1: pinned, so update leaves it until it is unpinned.
      const dry = parseJson<{ rocks: { name: string }[]; skipped: { name: string; source: string; reason: string }[] }>(await sandbox.run(["module", "update", "--dry-run", "--json"]));
      expect(dry.rocks.map((rock) => rock.name)).toEqual(["mod_sasl2"]);
      expect(dry.skipped).toContainEqual({ name: "mod_pastebin", source: "rocks", reason: "pinned at 1-1" });
      expect((await sandbox.run(["module", "unpin", "mod_pastebin", "--source", "rocks"])).code).toBe(0);
      const update = await sandbox.run(["module", "update", "--json"]);
      expect(update.code).toBe(0);
      const list = parseJson<RocksListJson>(await sandbox.run(["module", "rocks", "list", "--json"]));
      expect(list.rocks.map((rock) => `${rock.name} ${rock.version}`)).toEqual(["mod_pastebin 3-1", "mod_sasl2 2-1", "mod_sasl2_fast 1-1"]);
      expect(parseJson<{ outdated: unknown[] }>(await sandbox.run(["module", "rocks", "outdated", "--json"])).outdated).toEqual([]);
    } finally {
      await fs.rm(older, { recursive: true, force: true });
    }
  });
});

describe("a server that offers only a zipped manifest", () => {
  it("sync reads manifest-5.4.zip", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-zip-"));
    const server = await serveDirectory(dir);
    const sandbox = await makeSandbox({ communityUrl: communityRepo, rocksServer: server.url });
    try {
      await fs.copyFile(path.join(rocksDir, "manifest-5.4"), path.join(dir, "manifest-5.4"));
      execFileSync("python3", ["-c", "import zipfile\nwith zipfile.ZipFile('manifest-5.4.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.write('manifest-5.4')"], { cwd: dir });
      await fs.rm(path.join(dir, "manifest-5.4"));
      const expected = parseJson<{ rocks: { modules: number } }>(await sandbox.run(["--rocks-server", rocksDir, "module", "sync", "--json"])).rocks.modules;
      const sync = parseJson<{ rocks: { modules: number; server: string } }>(await sandbox.run(["module", "sync", "--json"]));
      expect(sync.rocks).toEqual({ server: server.url, modules: expected });
      expect(expected).toBeGreaterThan(70);
    } finally {
      await sandbox.cleanup();
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a sync asks the rocks server whether the manifest changed", () => {
  it("gets 304 for an unchanged manifest and keeps its rocks, takes a rewritten one's validators, and reads a changed one", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-etag-"));
    const served: Served[] = [];
    const server = await serveDirectory(dir, { onServed: (answer) => served.push(answer) });
    const sandbox = await makeSandbox({ communityUrl: communityRepo, rocksServer: server.url });
    const manifest = path.join(dir, "manifest-5.4");
    const manifestAnswers = (): number[] => served.splice(0).filter((answer) => answer.path === "/manifest-5.4").map((answer) => answer.status);
    const syncRocks = async (): Promise<number> => {
      const run = await sandbox.run(["module", "sync", "--json"]);
      expect(run.code, run.stderr).toBe(0);
      return parseJson<{ rocks: { modules: number } }>(run).rocks.modules;
    };
    try {
      await fs.copyFile(path.join(rocksDir, "manifest-5.4"), manifest);
      const all = await syncRocks();
      expect(all).toBeGreaterThan(70);
      expect(manifestAnswers()).toEqual([200]);
      // Nothing changed: the server sends no manifest, and the rocks are the ones the catalogue has.
      expect(await syncRocks()).toBe(all);
      expect(manifestAnswers()).toEqual([304]);
      expect(parseJson<{ results: unknown[] }>(await sandbox.run(["module", "search", "pastebin", "--source", "rocks", "--json"])).results).toHaveLength(1);
      // Rewritten as it was (a new ETag, the same text): fetched once, then asked with the new validators.
      const later = new Date(Date.now() + 5000);
      await fs.utimes(manifest, later, later);
      expect(await syncRocks()).toBe(all);
      expect(manifestAnswers()).toEqual([200]);
      expect(await syncRocks()).toBe(all);
      expect(manifestAnswers()).toEqual([304]);
      // Changed: a server publishing two rocks only.
      const fewer = await fs.mkdtemp(path.join(os.tmpdir(), "pm-rocks-fewer-"));
      try {
        await buildRocksServer({ repo: communityRepo, out: fewer, rev: 1, only: ["mod_pastebin", "mod_sasl2"] });
        await fs.copyFile(path.join(fewer, "manifest-5.4"), manifest);
      } finally {
        await fs.rm(fewer, { recursive: true, force: true });
      }
      expect(await syncRocks()).toBe(2);
      expect(manifestAnswers()).toEqual([200]);
    } finally {
      await sandbox.cleanup();
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("interoperable with prosodyctl", () => {
  it("prosodyctl lists what we installed, and we list and remove what prosodyctl installed", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      const config = await prosodyConfig(sandbox, rocksDir);
      expect((await sandbox.run(["module", "rocks", "install", "mod_cloud_notify"])).code).toBe(0);
      const listed = execFileSync("prosodyctl", ["--config", config, "list"], { encoding: "utf8" });
      expect(listed).toMatch(/mod_cloud_notify\s+2-1 \(installed\)/);
      execFileSync("prosodyctl", ["--config", config, "install", "mod_pastebin"], { encoding: "utf8", stdio: "pipe" });
      const ours = parseJson<RocksListJson>(await sandbox.run(["module", "rocks", "list", "--json"]));
      expect(ours.rocks.map((rock) => rock.name)).toEqual(["mod_cloud_notify", "mod_pastebin"]);
      expect((await sandbox.run(["module", "rocks", "remove", "mod_pastebin"])).code).toBe(0);
      expect(execFileSync("prosodyctl", ["--config", config, "list"], { encoding: "utf8" })).not.toMatch(/mod_pastebin/);
    } finally {
      await sandbox.cleanup();
    }
  });
});
