import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedTrees, makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, type FixtureHistory, loadHistory } from "../helpers/fixture-paths.js";

interface ApplyJson {
  changed: boolean;
  drift: number;
  steps: { name: string; source: string; action: string }[];
}

interface LockfileJson {
  community: Record<string, { revision: string; pinned: boolean; reason: string; treeHash: string }>;
  rocks: Record<string, { version: string; pinned: boolean; reason: string; treeHash: string }>;
}

const readLock = async (sandbox: Sandbox): Promise<LockfileJson> => JSON.parse(await fs.readFile(path.join(sandbox.root, "prosody-manager.lock.json"), "utf8")) as LockfileJson;

describe("reproducing a server from its lockfile", () => {
  let history: FixtureHistory;
  let a: Sandbox;
  let b: Sandbox;

  beforeAll(async () => {
    history = await loadHistory();
    a = await makeSandbox({ communityUrl: communityRepo });
    b = await makeSandbox({ communityUrl: communityRepo });
    const first = history.revisions[0];
    if (!first) throw new Error("fixture history is empty");
    // On A: community modules (one pinned at an old revision, one with a dependency) and rocks (one pinned).
    for (const args of [
      ["module", "install", "mod_sasl2_fast", `mod_pastebin@${first.short}`],
      ["module", "rocks", "install", "mod_cloud_notify", "mod_sasl2_fast@1-1"],
    ]) {
      const run = await a.run(args);
      if (run.code !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
    }
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  it("A's lockfile records both sources with full revisions, pins, reasons and tree hashes", async () => {
    const lock = await readLock(a);
    expect(Object.keys(lock.community)).toEqual(["mod_pastebin", "mod_sasl2", "mod_sasl2_fast"]);
    expect(lock.community.mod_pastebin).toMatchObject({ revision: history.revisions[0]?.node, pinned: true, reason: "requested" });
    expect(lock.community.mod_sasl2).toMatchObject({ pinned: false, reason: "dependency" });
    expect(lock.community.mod_sasl2_fast?.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(lock.rocks)).toEqual(["mod_cloud_notify", "mod_sasl2", "mod_sasl2_fast"]);
    expect(lock.rocks.mod_sasl2_fast).toMatchObject({ version: "1-1", pinned: true, reason: "requested" });
    expect(lock.rocks.mod_sasl2).toMatchObject({ pinned: false, reason: "dependency" });
    for (const entry of [...Object.values(lock.community), ...Object.values(lock.rocks)]) expect(entry.treeHash).toMatch(/^sha256-[0-9a-f]{64}$/);
  });

  it("apply on an empty machine B gives byte-identical trees; a second apply changes nothing", async () => {
    await fs.copyFile(path.join(a.root, "prosody-manager.lock.json"), path.join(b.root, "prosody-manager.lock.json"));
    const first = await b.run(["module", "apply", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const applied = parseJson<ApplyJson>(first);
    expect(applied.changed).toBe(true);
    expect(applied.steps.map((step) => `${step.source}:${step.name}:${step.action}`).sort()).toEqual([
      "community:mod_pastebin:install", "community:mod_sasl2:install", "community:mod_sasl2_fast:install",
      "rocks:mod_cloud_notify:install", "rocks:mod_sasl2:install", "rocks:mod_sasl2_fast:install",
    ]);
    expect(await installedTrees(b)).toEqual(await installedTrees(a));
    expect(await readLock(b)).toEqual(await readLock(a));

    const again = await b.run(["module", "apply", "--json"]);
    expect(again.code).toBe(0);
    expect(parseJson<ApplyJson>(again)).toMatchObject({ changed: false, drift: 0, steps: [] });
    expect((await b.run(["module", "apply"])).stdout).toMatch(/nothing to do/);
  });

  it("a locally edited file: verify and apply --check exit 1, apply repairs it and keeps the edit in a backup", async () => {
    const file = path.join(b.communityDir, "mod_sasl2", "mod_sasl2.lua");
    const original = await fs.readFile(file, "utf8");
    await fs.appendFile(file, "-- edited by hand\n");
    const verify = await b.run(["module", "verify", "--json"]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/mod_sasl2"/);
    const check = await b.run(["module", "apply", "--check", "--json"]);
    expect(check.code).toBe(1);
    expect(parseJson<ApplyJson>(check)).toMatchObject({ changed: false, drift: 1, steps: [expect.objectContaining({ name: "mod_sasl2", action: "replace" })] });
    expect(await fs.readFile(file, "utf8")).toMatch(/edited by hand/);
    const repair = parseJson<ApplyJson & { backups: string[] }>(await b.run(["module", "apply", "--json"]));
    expect(repair.changed).toBe(true);
    expect(await fs.readFile(file, "utf8")).toBe(original);
    expect(await fs.readFile(path.join(repair.backups[0] ?? "", "mod_sasl2.lua"), "utf8")).toMatch(/edited by hand/);
    expect((await b.run(["module", "verify"])).code).toBe(0);
  });

  it("a lockfile naming a revision the repository lacks: exit 1, one clear line, nothing changed", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      const lock = await readLock(a);
      const pastebin = lock.community.mod_pastebin;
      if (!pastebin) throw new Error("no mod_pastebin in A's lockfile");
      pastebin.revision = "0123456789abcdef0123456789abcdef01234567";
      await fs.writeFile(path.join(sandbox.root, "prosody-manager.lock.json"), JSON.stringify({ lockfileVersion: 1, ...lock }));
      const before = await installedTrees(sandbox);
      const run = await sandbox.run(["module", "apply"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/has no revision 0123456789ab \(mod_pastebin\)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await installedTrees(sandbox)).toEqual(before);
    } finally {
      await sandbox.cleanup();
    }
  });

  it("update leaves both kinds of pin alone", async () => {
    const update = parseJson<{ skipped: { name: string; source: string; reason: string }[] }>(await b.run(["module", "update", "--dry-run", "--json"]));
    expect(update.skipped).toContainEqual(expect.objectContaining({ name: "mod_pastebin", source: "community", reason: expect.stringMatching(/^pinned at /) }));
    expect(update.skipped).toContainEqual({ name: "mod_sasl2_fast", source: "rocks", reason: "pinned at 1-1" });
  });

  it("remove cleans orphaned dependencies in both sources; --keep-deps keeps them", async () => {
    const keep = parseJson<{ removed: { name: string }[] }>(await b.run(["module", "remove", "mod_sasl2_fast", "--keep-deps", "--dry-run", "--json"]));
    expect(keep.removed.map((item) => item.name)).toEqual(["mod_sasl2_fast"]);

    const community = parseJson<{ removed: { name: string; orphan: boolean }[] }>(await b.run(["module", "remove", "mod_sasl2_fast", "--json"]));
    expect(community.removed.map((item) => [item.name, item.orphan])).toEqual([["mod_sasl2", true], ["mod_sasl2_fast", false]]);
    await expect(fs.access(path.join(b.communityDir, "mod_sasl2"))).rejects.toThrow();
    await expect(fs.access(path.join(b.communityDir, "mod_pastebin"))).resolves.toBeUndefined();

    const rocks = parseJson<{ removed: { name: string; orphan: boolean }[] }>(await b.run(["module", "rocks", "remove", "mod_sasl2_fast", "--json"]));
    expect(rocks.removed.map((item) => [item.name, item.orphan])).toEqual([["mod_sasl2_fast", false], ["mod_sasl2", true]]);
    const lock = await readLock(b);
    expect(Object.keys(lock.community)).toEqual(["mod_pastebin"]);
    expect(Object.keys(lock.rocks)).toEqual(["mod_cloud_notify"]);
    const list = parseJson<{ rocks: { name: string }[] }>(await b.run(["module", "rocks", "list", "--json"]));
    expect(list.rocks.map((rock) => rock.name)).toEqual(["mod_cloud_notify"]);
  });
});
