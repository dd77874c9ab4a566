import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, makeSyncedSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory, type FixtureHistory } from "../helpers/fixture-paths.js";

interface InstallJson {
  dryRun: boolean;
  modules: { name: string; action: string; revision: string; reason: string; pinned: boolean; requiredBy: string | null }[];
}
interface ListJson {
  modules: { name: string; source: string; revision: string; status: string; pinned: boolean; reason: string }[];
}

function hgCat(repo: string, rev: string, file: string): string {
  return execFileSync("hg", ["cat", "-R", repo, "-r", rev, `path:${file}`], { encoding: "utf8", env: { ...process.env, HGPLAIN: "1" } });
}

/** A clone of the fixture that stops at an older changeset: "upstream before the latest changes". */
async function cloneUpTo(rev: number): Promise<string> {
  const dest = await fs.mkdtemp(path.join(os.tmpdir(), "pm-upstream-"));
  execFileSync("hg", ["clone", "-q", "-r", String(rev), communityRepo, path.join(dest, "repo")]);
  return path.join(dest, "repo");
}

let history: FixtureHistory;

beforeAll(async () => {
  history = await loadHistory();
});

describe("module sync, search, info", () => {
  // Synced once; every test here only reads it (a second sync of an unchanged repository changes nothing).
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSyncedSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it("search with no cache syncs first, says so, and ranks name matches before summary matches", async () => {
    const fresh = await makeSandbox({ communityUrl: communityRepo });
    const run = await fresh.run(["module", "search", "muc", "--json"]).finally(() => fresh.cleanup());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/syncing/i);
    const results = parseJson<{ results: { name: string; match: string; installed: boolean }[] }>(run).results;
    expect(results.length).toBeGreaterThan(3);
    const ranks = results.map((result) => ["exact", "prefix", "name", "summary"].indexOf(result.match));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(results[0]?.name.startsWith("mod_muc")).toBe(true);
    expect(results.some((result) => result.name === "mod_vcard_muc")).toBe(true);
  });

  it("sync indexes every module at the tip with its last revision", async () => {
    const run = await sandbox.run(["module", "sync", "--json"]);
    expect(run.code).toBe(0);
    const json = parseJson<{ community: { revision: string; modules: number }; sources: { ok: boolean }[] }>(run);
    const tip = history.revisions[history.revisions.length - 1];
    expect(json.community.revision).toBe(tip?.short);
    expect(json.community.modules).toBe(history.modules.length);
    expect(json.sources.every((source) => source.ok)).toBe(true);
  });

  it("a sync that finds nothing new says so, leaves the catalogue byte for byte, and records when it synced", async () => {
    const files = ["catalogue.json", "catalogue-search.jsonl", "catalogue-modules.jsonl"].map((name) => path.join(sandbox.cacheDir, name));
    const before = await Promise.all(files.map((file) => fs.readFile(file)));
    const builtAt = (JSON.parse(before[0]?.toString("utf8") ?? "{}") as { builtAt: string }).builtAt;
    const run = await sandbox.run(["module", "sync", "--json"]);
    expect(run.code).toBe(0);
    expect(parseJson<{ sources: { detail: string }[] }>(run).sources[0]?.detail).toMatch(/already up to date/);
    expect(parseJson<{ changed: boolean }>(run).changed).toBe(false);
    expect(await Promise.all(files.map((file) => fs.readFile(file)))).toEqual(before);
    // What a read command says of the catalogue's age is the sync's time, not the build's.
    const outdated = parseJson<{ rocksFetchedAt: string }>(await sandbox.run(["module", "outdated", "--json"]));
    expect(outdated.rocksFetchedAt > builtAt).toBe(true);
  });

  it("a sync that finds nothing new reports the catalogue's counts and problems, and believes no summary of another build", async () => {
    const catalogue = JSON.parse(await fs.readFile(path.join(sandbox.cacheDir, "catalogue.json"), "utf8")) as {
      builtAt: string;
      community: { modules: unknown[] };
      rocks: { modules: unknown[] };
      problems: { module: string; problem: string }[];
    };
    type SyncJson = { community: { modules: number }; rocks: { modules: number }; problems: { module: string; problem: string }[] };
    const expected = { community: catalogue.community.modules.length, rocks: catalogue.rocks.modules.length, problems: catalogue.problems };
    const counts = (json: SyncJson) => ({ community: json.community.modules, rocks: json.rocks.modules, problems: json.problems });
    expect(counts(parseJson<SyncJson>(await sandbox.run(["module", "sync", "--json"])))).toEqual(expected);
    // A summary left by an interrupted write (another build's time, other counts) is not taken for the catalogue.
    const summaryFile = path.join(sandbox.cacheDir, "catalogue-summary.json");
    const summary = JSON.parse(await fs.readFile(summaryFile, "utf8")) as Record<string, unknown>;
    const stale = { ...summary, builtAt: "2000-01-01T00:00:00.000Z", community: { ...(summary.community as object), modules: 1 }, problems: [] };
    await fs.writeFile(summaryFile, JSON.stringify(stale));
    const run = await sandbox.run(["module", "sync", "--json"]);
    expect(run.code).toBe(0);
    expect(counts(parseJson<SyncJson>(run))).toEqual(expected);
    // That sync read the catalogue, and left the summary of it for the next.
    expect(JSON.parse(await fs.readFile(summaryFile, "utf8"))).toEqual(summary);
  });

  it("search prints a table with stage and summary", async () => {
    const run = await sandbox.run(["module", "search", "PASTEBIN"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NAME\s+STAGE\s+SOURCES\s+LOADS\s+SUMMARY/m);
    expect(run.stdout).toMatch(/mod_pastebin\s+\S+\s+rocks,community/);
  });

  it("info shows dependencies from the rockspec and the code, and the README's introduction", async () => {
    const run = await sandbox.run(["module", "info", "sasl2_fast", "--json"]);
    expect(run.code).toBe(0);
    const info = parseJson<{ name: string; dependencies: { community: string[] }; introduction: string; installed: unknown }>(run);
    expect(info.name).toBe("mod_sasl2_fast");
    expect(info.dependencies.community).toContain("mod_sasl2");
    expect(info.introduction).toMatch(/token/i);
    expect(info.installed).toBeNull();
  });

  it("info of an unknown module suggests close names", async () => {
    const run = await sandbox.run(["module", "info", "mod_pastebn"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown module mod_pastebn/);
    expect(run.stderr).toMatch(/did you mean mod_pastebin/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("module install, list, update, remove", () => {
  // Each test gets a sandbox of its own with a copy of one synced cache, and installs what it starts from itself.
  let synced: Sandbox;
  let sandbox: Sandbox;
  beforeAll(async () => {
    synced = await makeSandbox({ communityUrl: communityRepo });
    expect((await synced.run(["module", "sync"])).code).toBe(0);
  });
  afterAll(() => synced.cleanup());
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo, cacheFrom: synced.cacheDir });
  });
  afterEach(() => sandbox.cleanup());

  it("installs a module with its community dependency and records both", async () => {
    const run = await sandbox.run(["module", "install", "mod_sasl2_fast", "--json"]);
    expect(run.code).toBe(0);
    const plan = parseJson<InstallJson>(run);
    const byName = new Map(plan.modules.map((module) => [module.name, module]));
    expect(byName.get("mod_sasl2_fast")?.reason).toBe("requested");
    expect(byName.get("mod_sasl2")?.reason).toBe("dependency");
    expect(byName.get("mod_sasl2")?.requiredBy).toBe("mod_sasl2_fast");
    const installed = await fs.readFile(path.join(sandbox.communityDir, "mod_sasl2", "mod_sasl2.lua"), "utf8");
    expect(installed).toBe(hgCat(communityRepo, "tip", "mod_sasl2/mod_sasl2.lua"));
    const list = parseJson<ListJson>(await sandbox.run(["module", "list", "--json"]));
    expect(list.modules.map((module) => [module.name, module.reason, module.status])).toEqual([
      ["mod_sasl2", "dependency", "ok"],
      ["mod_sasl2_fast", "requested", "ok"],
    ]);
  });

  it("--dry-run shows the plan and changes nothing", async () => {
    const before = await snapshotTree(sandbox.communityDir);
    const run = await sandbox.run(["module", "install", "pastebin", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    expect(parseJson<InstallJson>(run).modules[0]).toMatchObject({ name: "mod_pastebin", action: "install" });
    expect(await snapshotTree(sandbox.communityDir)).toEqual(before);
  });

  it("installs and pins an older revision, which update leaves alone", async () => {
    const first = history.revisions[0];
    if (!first) throw new Error("fixture history is empty");
    const run = await sandbox.run(["module", "install", `mod_pastebin@${first.short}`, "--json"]);
    expect(run.code).toBe(0);
    expect(parseJson<InstallJson>(run).modules[0]).toMatchObject({ name: "mod_pastebin", revision: first.short, pinned: true });
    const file = path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua");
    expect(await fs.readFile(file, "utf8")).toBe(hgCat(communityRepo, first.node, "mod_pastebin/mod_pastebin.lua"));
    expect(await fs.readFile(file, "utf8")).not.toBe(hgCat(communityRepo, "tip", "mod_pastebin/mod_pastebin.lua"));

    const update = parseJson<{ modules: unknown[]; skipped: { name: string }[] }>(await sandbox.run(["module", "update", "--json"]));
    expect(update.skipped.map((item) => item.name)).toContain("mod_pastebin");
    expect(await fs.readFile(file, "utf8")).toBe(hgCat(communityRepo, first.node, "mod_pastebin/mod_pastebin.lua"));
  });

  it("installing over local changes refuses without --force; --force unpins, replaces the directory and keeps a backup", async () => {
    const first = history.revisions[0];
    if (!first) throw new Error("fixture history is empty");
    expect((await sandbox.run(["module", "install", `mod_pastebin@${first.short}`])).code).toBe(0);
    await fs.writeFile(path.join(sandbox.communityDir, "mod_pastebin", "stale.txt"), "local work");
    const refused = await sandbox.run(["module", "install", "mod_pastebin"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to overwrite local work: .*mod_pastebin has local changes/);
    expect(await fs.readFile(path.join(sandbox.communityDir, "mod_pastebin", "stale.txt"), "utf8")).toBe("local work");

    const run = await sandbox.run(["module", "install", "mod_pastebin", "--force", "--json"]);
    expect(run.code).toBe(0);
    const json = parseJson<InstallJson & { backups: string[] }>(run);
    expect(json.modules[0]).toMatchObject({ action: "replace", pinned: false });
    const files = await fs.readdir(path.join(sandbox.communityDir, "mod_pastebin"));
    expect(files).not.toContain("stale.txt");
    expect(files.filter((name) => name.startsWith("."))).toEqual([]);
    expect(json.backups).toHaveLength(1);
    expect(await fs.readFile(path.join(json.backups[0] ?? "", "stale.txt"), "utf8")).toBe("local work");
  });

  it("a failure while staging leaves every installed module and the state as they were", async () => {
    expect((await sandbox.run(["module", "install", "mod_sasl2_fast", "mod_pastebin"])).code).toBe(0);
    const before = await snapshotTree(sandbox.communityDir);
    const first = history.revisions[0];
    const added = history.revisions.flatMap((revision) => (revision.rev > 0 ? revision.added : []))[0];
    if (!first || !added) throw new Error("fixture history lacks a module added after rev 0");
    // `added` did not exist at revision 0, so its export fails after mod_pastebin's succeeded.
    const run = await sandbox.run(["module", "install", `mod_pastebin@${first.short}`, `${added}@${first.short}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${added} does not exist at revision`));
    expect(await snapshotTree(sandbox.communityDir)).toEqual(before);
  });

  it("remove warns about dependents, refuses what it did not install, and removes what it installed", async () => {
    expect((await sandbox.run(["module", "install", "mod_sasl2_fast"])).code).toBe(0);
    await fs.mkdir(path.join(sandbox.communityDir, "mod_handmade"));
    await fs.writeFile(path.join(sandbox.communityDir, "mod_handmade", "mod_handmade.lua"), "-- local\n");
    const refused = await sandbox.run(["module", "remove", "mod_handmade"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not installed by prosody-manager/);
    const listed = parseJson<ListJson>(await sandbox.run(["module", "list", "--json"]));
    expect(listed.modules.find((module) => module.name === "mod_handmade")?.source).toBe("unmanaged");

    const run = await sandbox.run(["module", "remove", "mod_sasl2"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/mod_sasl2_fast depends on mod_sasl2/);
    await expect(fs.access(path.join(sandbox.communityDir, "mod_sasl2"))).rejects.toThrow();

    expect((await sandbox.run(["module", "remove", "mod_handmade", "--force"])).code).toBe(0);
    const missing = await sandbox.run(["module", "remove", "mod_handmade"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/is not installed/);
  });
});

describe("update after upstream changed", () => {
  it("sync pulls new changesets and update installs the newer revision", async () => {
    const upstream = await cloneUpTo(1);
    const sandbox = await makeSandbox({ communityUrl: upstream });
    try {
      expect((await sandbox.run(["module", "sync"])).code).toBe(0);
      expect((await sandbox.run(["module", "install", "mod_pastebin"])).code).toBe(0);
      const file = path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua");
      const old = await fs.readFile(file, "utf8");

      execFileSync("hg", ["pull", "-q", "-R", upstream, communityRepo]);
      const sync = parseJson<{ sources: { detail: string }[] }>(await sandbox.run(["module", "sync", "--json"]));
      expect(sync.sources[0]?.detail).toMatch(/updated/);
      const outdated = parseJson<{ outdated: { name: string; source: string; installed: string; latest: string }[] }>(await sandbox.run(["module", "outdated", "--json"]));
      expect(outdated.outdated.map((row) => `${row.name} ${row.source}`)).toEqual(["mod_pastebin community"]);
      expect(outdated.outdated[0]?.installed).not.toBe(outdated.outdated[0]?.latest);
      const dry = parseJson<InstallJson>(await sandbox.run(["module", "update", "--dry-run", "--json"]));
      expect(dry.modules.map((module) => [module.name, module.action])).toEqual([["mod_pastebin", "replace"]]);
      expect(await fs.readFile(file, "utf8")).toBe(old);

      const update = await sandbox.run(["module", "update", "--json"]);
      expect(update.code).toBe(0);
      expect(await fs.readFile(file, "utf8")).toBe(hgCat(communityRepo, "tip", "mod_pastebin/mod_pastebin.lua"));
      expect(await fs.readFile(file, "utf8")).not.toBe(old);
      const again = parseJson<InstallJson>(await sandbox.run(["module", "update", "--json"]));
      expect(again.modules).toEqual([]);
      expect(parseJson<{ outdated: unknown[] }>(await sandbox.run(["module", "outdated", "--json"])).outdated).toEqual([]);

      // A local edit is noticed by verify and undone by update.
      expect((await sandbox.run(["module", "verify"])).code).toBe(0);
      await fs.appendFile(file, "-- edited on the server\n");
      const verify = await sandbox.run(["module", "verify", "--json"]);
      expect(verify.code).toBe(1);
      expect(parseJson<{ modules: { name: string; status: string }[] }>(verify).modules).toEqual([expect.objectContaining({ name: "mod_pastebin", status: "modified" })]);
      const skipped = parseJson<{ skipped: { name: string; reason: string }[] }>(await sandbox.run(["module", "update", "--json"]));
      expect(skipped.skipped).toEqual([expect.objectContaining({ name: "mod_pastebin", reason: expect.stringMatching(/local changes/) })]);
      expect(await fs.readFile(file, "utf8")).toMatch(/edited on the server/);
      expect((await sandbox.run(["module", "update", "--force"])).code).toBe(0);
      expect((await sandbox.run(["module", "verify"])).code).toBe(0);
    } finally {
      await sandbox.cleanup();
      await fs.rm(path.dirname(upstream), { recursive: true, force: true });
    }
  });
});

describe("failures keep the previous cache", () => {
  it("a failed pull keeps the old cache and catalogue usable and exits 1", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      expect((await sandbox.run(["module", "sync"])).code).toBe(0);
      const before = await snapshotTree(path.join(sandbox.cacheDir, "community"));
      const failed = await sandbox.run(["--community-url", "http://127.0.0.1:9/prosody-modules/", "module", "sync"]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/could not pull from http:\/\/127\.0\.0\.1:9/);
      expect(failed.stderr).toMatch(/kept the previous copy/);
      expect(failed.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshotTree(path.join(sandbox.cacheDir, "community"))).toEqual(before);
      const search = await sandbox.run(["module", "search", "pastebin", "--json"]);
      expect(search.code).toBe(0);
      expect(parseJson<{ results: { name: string }[] }>(search).results[0]?.name).toBe("mod_pastebin");
    } finally {
      await sandbox.cleanup();
    }
  });

  it("a failed first clone leaves no cache behind", async () => {
    const sandbox = await makeSandbox({ communityUrl: path.join(os.tmpdir(), "no-such-repository") });
    try {
      const run = await sandbox.run(["module", "sync"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/could not clone/);
      expect(await snapshotTree(path.join(sandbox.cacheDir, "community"))).toEqual({});
    } finally {
      await sandbox.cleanup();
    }
  });
});
