import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRocksServer } from "../../scripts/fixture/rocks-server.js";
import { hg } from "../../scripts/fixture/run.js";
import { cliPath, installedTrees, makeSandbox, parseJson, type Sandbox, snapshotTree } from "../helpers/cli.js";
import { communityRepo, type FixtureHistory, loadHistory } from "../helpers/fixture-paths.js";
import { startHgServe, type HgServer } from "../helpers/hg-serve.js";
import { hgRepo } from "../helpers/hg-repo.js";
import { type RunningServer, serveDirectory } from "../helpers/http-server.js";
import { haveTools } from "../helpers/requirements.js";

interface MirrorJson {
  changed: boolean;
  dir: string;
  community: { dir: string; changesets: number; added: string[] };
  rocks: { dir: string; added: { name: string; version: string; files: string[] }[]; wanted: number };
  verified: { community: number; rocks: number };
}

interface ApplyJson {
  changed: boolean;
  steps: { name: string; source: string; action: string }[];
}

const execFileAsync = promisify(execFile);

/** The modules the tests use, so the upstream rocks server builds in seconds. */
const PUBLISHED = ["mod_pastebin", "mod_cloud_notify", "mod_sasl2", "mod_sasl2_fast", "mod_unified_push"];


const mtimes = async (dir: string): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const name of await fs.readdir(dir)) if (/\.(rockspec|src\.rock)$/.test(name)) out[name] = (await fs.stat(path.join(dir, name))).mtimeMs;
  return out;
};

describe.runIf(haveTools("hg", "luarocks", "luarocks-admin"))("offline mirrors", () => {
  let history: FixtureHistory;
  let work: string;
  let upstreamRepo: string;
  let upstreamRocks: string;
  let hgServer: HgServer | undefined;
  let rocksServer: RunningServer | undefined;
  let live: Sandbox;
  const lockfileOf = (sandbox: Sandbox): string => path.join(sandbox.root, "prosody-manager.lock.json");

  const startServers = async (): Promise<{ communityUrl: string; rocksServer: string }> => {
    hgServer = await startHgServe(upstreamRepo);
    rocksServer = await serveDirectory(upstreamRocks);
    return { communityUrl: hgServer.url, rocksServer: rocksServer.url };
  };
  const stopServers = async (): Promise<void> => {
    await hgServer?.close();
    await rocksServer?.close();
    hgServer = undefined;
    rocksServer = undefined;
  };

  beforeAll(async () => {
    history = await loadHistory();
    work = await fs.mkdtemp(path.join(os.tmpdir(), "pm-mirror-"));
    await fs.chmod(work, 0o755);
    // Upstream as of rev 1; rev 2 arrives later, as a new upstream changeset would.
    upstreamRepo = path.join(work, "upstream");
    upstreamRocks = path.join(work, "upstream-rocks");
    await hg(["clone", "--noupdate", "-r", history.revisions[1]?.node ?? "1", communityRepo, upstreamRepo]);
    await buildRocksServer({ repo: upstreamRepo, out: upstreamRocks, only: PUBLISHED });
    const urls = await startServers();
    live = await makeSandbox(urls);
    for (const args of [
      ["module", "install", "mod_sasl2_fast", `mod_pastebin@${history.revisions[0]?.short ?? ""}`],
      ["module", "rocks", "install", "mod_cloud_notify", "mod_sasl2_fast"],
    ]) {
      const run = await live.run(args);
      if (run.code !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
    }
  });
  afterAll(async () => {
    await stopServers();
    await live?.cleanup();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it("mirror create holds what the lockfile needs; with the servers gone, apply gives byte-identical trees", async () => {
    const mirror = path.join(work, "mirror");
    const created = await live.run(["mirror", "create", mirror, "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const json = parseJson<MirrorJson>(created);
    expect(json).toMatchObject({ changed: true, verified: { community: 3, rocks: 3 } });
    expect(json.community.changesets).toBe(2);
    expect(json.rocks.added.map((rock) => `${rock.name} ${rock.version}`)).toEqual(["mod_cloud_notify 2-1", "mod_sasl2 1-1", "mod_sasl2_fast 1-1"]);
    const files = (await fs.readdir(path.join(mirror, "rocks"))).filter((name) => !name.startsWith("manifest-5.") || /5\.4/.test(name)).sort();
    expect(files).toEqual([
      "index.html", "manifest", "manifest-5.4", "manifest-5.4.zip",
      "mod_cloud_notify-2-1.rockspec", "mod_cloud_notify-2-1.src.rock",
      "mod_sasl2-1-1.rockspec", "mod_sasl2-1-1.src.rock",
      "mod_sasl2_fast-1-1.rockspec", "mod_sasl2_fast-1-1.src.rock",
    ]);
    // Full history: the pinned old revision is there, and so is every changeset upstream has.
    const log = await hg(["log", "-R", path.join(mirror, "community"), "--template", "{node}\\n"]);
    expect(log.split("\n").filter(Boolean).sort()).toEqual([history.revisions[0]?.node, history.revisions[1]?.node].sort());

    await stopServers();
    const offline = await makeSandbox({ communityUrl: path.join(mirror, "community"), rocksServer: path.join(mirror, "rocks") });
    try {
      await fs.copyFile(lockfileOf(live), lockfileOf(offline));
      const applied = await offline.run(["module", "apply", "--json"]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(parseJson<ApplyJson>(applied).steps.map((step) => `${step.source}:${step.name}`).sort()).toEqual([
        "community:mod_pastebin", "community:mod_sasl2", "community:mod_sasl2_fast",
        "rocks:mod_cloud_notify", "rocks:mod_sasl2", "rocks:mod_sasl2_fast",
      ]);
      expect(await installedTrees(offline)).toEqual(await installedTrees(live));
      expect(Object.keys((await installedTrees(offline)).rocks).length).toBeGreaterThan(5);
    } finally {
      await offline.cleanup();
      await startServers();
    }
  });

  it("refuses a lockfile the sources cannot satisfy: exit 1, one clear line, no mirror written", async () => {
    const lock = JSON.parse(await fs.readFile(lockfileOf(live), "utf8")) as { community: Record<string, { revision: string }> };
    const entry = lock.community.mod_pastebin;
    if (!entry) throw new Error("no mod_pastebin in the lockfile");
    entry.revision = "0123456789abcdef0123456789abcdef01234567";
    const bad = path.join(work, "bad.lock.json");
    await fs.writeFile(bad, JSON.stringify(lock));
    const mirror = path.join(work, "bad-mirror");
    const run = await live.run(["--lockfile", bad, "--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? "", "mirror", "create", mirror]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mod_pastebin: revision 0123456789ab is not in/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expect(fs.access(mirror)).rejects.toThrow();
    expect((await fs.readdir(work)).filter((name) => name.includes("bad-mirror"))).toEqual([]);

    const taken = await live.run(["--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? "", "mirror", "create", upstreamRocks]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/exists and is not empty/);
    const lock2 = JSON.parse(await fs.readFile(lockfileOf(live), "utf8")) as { rocks: Record<string, { version: string }> };
    const rock = lock2.rocks.mod_cloud_notify;
    if (!rock) throw new Error("no mod_cloud_notify rock in the lockfile");
    rock.version = "9-1";
    await fs.writeFile(bad, JSON.stringify(lock2));
    const noRock = await live.run(["--lockfile", bad, "--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? "", "mirror", "create", mirror]);
    expect(noRock.code).toBe(1);
    expect(noRock.stderr).toMatch(/does not offer mod_cloud_notify 9-1 \(locked\)/);
    await expect(fs.access(mirror)).rejects.toThrow();

    // A hand-edited lockfile that lost a rock's dependency: LuaRocks could not install it offline.
    const lock3 = JSON.parse(await fs.readFile(lockfileOf(live), "utf8")) as { rocks: Record<string, unknown> };
    delete lock3.rocks.mod_sasl2;
    await fs.writeFile(bad, JSON.stringify(lock3));
    const noDependency = await live.run(["--lockfile", bad, "--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? "", "mirror", "create", mirror]);
    expect(noDependency.code).toBe(1);
    expect(noDependency.stderr).toMatch(/mod_sasl2_fast 1-1 depends on mod_sasl2, which \S+ does not list/);
    await expect(fs.access(mirror)).rejects.toThrow();

    const notMirror = await live.run(["mirror", "update", upstreamRocks, "--json"]);
    expect(notMirror.code).toBe(2);
    expect(JSON.parse(notMirror.stdout)).toMatchObject({ error: { message: expect.stringMatching(/is not a mirror/) } });
  });

  it("a mirror made under umask 077 is readable by everyone (web server, hg serve, the prosody user)", async () => {
    const mirror = path.join(work, "umask-mirror");
    const args = [cliPath, ...live.flags({ communityUrl: upstreamRepo, rocksServer: upstreamRocks }), "mirror", "create", mirror];
    await execFileAsync("/bin/sh", ["-c", 'umask 077; exec "$@"', "sh", process.execPath, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: live.root, NO_COLOR: "1" } });
    const wrong: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        const mode = (await fs.stat(full)).mode & 0o777;
        if (mode !== (entry.isDirectory() ? 0o755 : 0o644)) wrong.push(`${path.relative(mirror, full)} ${mode.toString(8)}`);
        if (entry.isDirectory()) await walk(full);
      }
    };
    await walk(mirror);
    expect(wrong).toEqual([]);
    expect(((await fs.stat(mirror)).mode & 0o777).toString(8)).toBe("755");
    await expect(fs.access(path.join(mirror, "rocks", "mod_sasl2_fast-1-1.src.rock"))).resolves.toBeUndefined();
  });

  it("mirror update after a new upstream revision fetches only what changed", async () => {
    const flags = (): string[] => ["--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? ""];
    const mirror = path.join(work, "all-mirror");
    const created = parseJson<MirrorJson>(await live.run([...flags(), "mirror", "create", mirror, "--all", "--json"]));
    expect(created.rocks.added.map((rock) => `${rock.name} ${rock.version}`)).toEqual([
      "mod_cloud_notify 1-1", "mod_cloud_notify 2-1", "mod_pastebin 1-1", "mod_pastebin 2-1", "mod_sasl2 1-1", "mod_sasl2_fast 1-1",
    ]);
    const before = await mtimes(path.join(mirror, "rocks"));
    const locked = path.join(work, "locked-mirror");
    expect((await live.run([...flags(), "mirror", "create", locked])).code).toBe(0);

    // Upstream moves to rev 2: new changeset, new rock versions (mod_pastebin 3-1, mod_sasl2 2-1, mod_unified_push 1-1).
    await stopServers();
    await hg(["pull", "-R", upstreamRepo, communityRepo]);
    await buildRocksServer({ repo: upstreamRepo, out: upstreamRocks, only: PUBLISHED });
    await startServers();

    const updated = await live.run([...flags(), "mirror", "update", mirror, "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    const json = parseJson<MirrorJson>(updated);
    expect(json.changed).toBe(true);
    expect(json.community.added).toEqual([history.revisions[2]?.node]);
    expect(json.rocks.added.map((rock) => `${rock.name} ${rock.version}`)).toEqual(["mod_pastebin 3-1", "mod_sasl2 2-1", "mod_unified_push 1-1"]);
    expect(json.rocks.added.flatMap((rock) => rock.files)).toHaveLength(6);
    const after = await mtimes(path.join(mirror, "rocks"));
    for (const [name, mtime] of Object.entries(before)) expect(after[name], name).toBe(mtime);
    const manifest = await fs.readFile(path.join(mirror, "rocks", "manifest-5.4"), "utf8");
    expect(manifest).toMatch(/mod_unified_push = \{\s*\["1-1"\]/);

    // The mirror remembers --all (not given again); a second update finds nothing new.
    const again = parseJson<MirrorJson>(await live.run([...flags(), "mirror", "update", mirror, "--json"]));
    expect(again).toMatchObject({ changed: false, community: { added: [] }, rocks: { added: [] } });
    expect(again.rocks.wanted).toBe(9);

    // A lockfile-mode mirror follows the lockfile: a newly locked rock version is the only thing fetched.
    const install = await live.run([...flags(), "module", "rocks", "install", "mod_pastebin@3-1"]);
    expect(install.code, install.stderr).toBe(0);
    const lockedUpdate = parseJson<MirrorJson>(await live.run([...flags(), "mirror", "update", locked, "--json"]));
    expect(lockedUpdate.rocks.added).toEqual([{ name: "mod_pastebin", version: "3-1", files: ["mod_pastebin-3-1.rockspec", "mod_pastebin-3-1.src.rock"] }]);
    expect(lockedUpdate.community.added).toEqual([history.revisions[2]?.node]);
    expect(lockedUpdate.verified).toEqual({ community: 3, rocks: 4 });

    // Served by hg serve and a static web server, as an admin would put it on the LAN: LuaRocks reads the zipped manifest.
    const mirrorHg = await startHgServe(path.join(mirror, "community"));
    const mirrorHttp = await serveDirectory(path.join(mirror, "rocks"));
    const lan = await makeSandbox({ communityUrl: mirrorHg.url, rocksServer: mirrorHttp.url });
    try {
      const install = await lan.run(["module", "install", "mod_unified_push"]);
      expect(install.code, install.stderr).toBe(0);
      const rocks = await lan.run(["module", "rocks", "install", "mod_pastebin", "--json"]);
      expect(rocks.code, rocks.stderr).toBe(0);
      const list = parseJson<{ rocks: { name: string; version: string }[] }>(await lan.run(["module", "rocks", "list", "--json"]));
      expect(list.rocks).toContainEqual(expect.objectContaining({ name: "mod_pastebin", version: "3-1" }));
      await expect(fs.access(path.join(lan.communityDir, "mod_unified_push", "mod_unified_push.lua"))).resolves.toBeUndefined();
    } finally {
      await mirrorHg.close();
      await mirrorHttp.close();
      await lan.cleanup();
    }
  });

  it("mirror update from a repository unrelated to the mirror's refuses, says how to make a new one, and changes nothing", async () => {
    const flags = (): string[] => ["--community-url", hgServer?.url ?? "", "--rocks-server", rocksServer?.url ?? ""];
    const mirror = path.join(work, "kept-mirror");
    expect((await live.run([...flags(), "mirror", "create", mirror, "--all"])).code).toBe(0);
    const other = path.join(work, "unrelated");
    await fs.mkdir(other);
    const repo = hgRepo(other);
    repo.hg("init");
    await repo.write("mod_elsewhere/mod_elsewhere.lua", 'module:log("info", "elsewhere");\n');
    repo.commit("mod_elsewhere: added");
    const before = await snapshotTree(path.join(mirror, "community"));
    const run = await live.run(["--community-url", other, "--rocks-server", rocksServer?.url ?? "", "mirror", "update", mirror]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`could not pull from ${other}: abort: repository is unrelated`);
    expect(run.stderr).toContain(`hint: the mirror is a copy of another repository: make a mirror of ${other} in a new directory`);
    expect(await snapshotTree(path.join(mirror, "community"))).toEqual(before);
  });
});

describe("mirror help", () => {
  for (const command of [["mirror", "create"], ["mirror", "update"]]) {
    it(`${command.join(" ")} --help shows examples`, async () => {
      const sandbox = await makeSandbox();
      try {
        const run = await sandbox.run([...command, "--help"]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/Examples:\n\s+\$ prosody-manager (--lockfile \S+ )?mirror /);
      } finally {
        await sandbox.cleanup();
      }
    });
  }
});
