// The use cases run in-process on real fixture directories (real hg, real LuaRocks), without the CLI around them:
// what a command's handler calls, checked on its own, as changesets tests its apply-release-plan.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Context, GlobalFlags } from "../../src/app/context.js";
import { Session } from "../../src/app/session.js";
import { installCommunity } from "../../src/app/use-cases/install-community.js";
import { removeModules } from "../../src/app/use-cases/remove.js";
import { setPin } from "../../src/app/use-cases/pin.js";
import { applyLockfile } from "../../src/app/use-cases/apply.js";
import { listInstalled } from "../../src/app/use-cases/list.js";
import { readModuleCopies } from "../../src/app/module-copies.js";
import type { ModuleName } from "../../src/core/types.js";
import { communityRepo, loadHistory, rocksDir } from "../helpers/fixture-paths.js";
import { havePath } from "../helpers/requirements.js";

const N = (name: string): ModuleName => name as ModuleName;

function contextFor(root: string, overrides: Partial<GlobalFlags> = {}): Context & { errors: string[] } {
  const errors: string[] = [];
  const sink = { write: (text: string) => void errors.push(text) };
  const flags: GlobalFlags = {
    config: path.join(root, "prosody.cfg.lua"),
    cacheDir: path.join(root, "cache"),
    communityUrl: communityRepo,
    communityDir: path.join(root, "community"),
    rocksServer: rocksDir,
    installerPath: path.join(root, "tree"),
    lockfile: undefined,
    json: false,
    dryRun: false,
    yes: false,
    quiet: true,
    color: false,
    ...overrides,
  };
  const log = { info: () => undefined, warn: (message: string) => void errors.push(message), error: (message: string) => void errors.push(message) };
  return { stdout: sink, stderr: sink, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root }, cwd: root, now: () => new Date("2026-11-25T12:00:00Z"), flags, log, errors };
}

describe("use cases in-process", () => {
  // Each test gets its own machine: none depends on what another left behind.
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-usecases-"));
    await fs.writeFile(path.join(root, "prosody.cfg.lua"), `plugin_paths = { "${root}/community" }\nVirtualHost "localhost"\n`);
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it("installCommunity: a dry run plans the module and its dependency and writes nothing", async () => {
    const outcome = await installCommunity(new Session(contextFor(root)), { modules: [{ name: N("mod_sasl2_fast"), revision: undefined }], withDependencies: true, force: false, dryRun: true });
    expect(outcome.plan.steps.map((step) => `${step.name}:${step.action}:${step.reason}`)).toEqual(["mod_sasl2:add:dependency", "mod_sasl2_fast:add:requested"]);
    expect(outcome.requiredBy.get(N("mod_sasl2"))).toBe("mod_sasl2_fast");
    expect(outcome.applied).toBeUndefined();
    await expect(fs.access(path.join(root, "community"))).rejects.toThrow();
    await expect(fs.access(path.join(root, "prosody-manager.lock.json"))).rejects.toThrow();
  });

  it("installCommunity, then setPin at an older revision moves the files and pins, in the lockfile too", async () => {
    const session = new Session(contextFor(root));
    const installed = await installCommunity(session, { modules: [{ name: N("mod_pastebin"), revision: undefined }], withDependencies: true, force: false, dryRun: false });
    expect(installed.lockfileChanged).toBe(true);
    const first = (await loadHistory()).revisions[0];
    if (!first) throw new Error("fixture history is empty");
    const pinned = await setPin(new Session(contextFor(root)), { name: N("mod_pastebin"), ref: first.short, source: undefined, pinned: true, force: false, dryRun: false });
    expect(pinned.plan.steps).toEqual([expect.objectContaining({ name: "mod_pastebin", action: "change", to: first.node, pinned: true })]);
    expect(pinned.lockfile.community.get(N("mod_pastebin"))).toMatchObject({ revision: first.node, pinned: true });
    const { rows } = await listInstalled(new Session(contextFor(root)));
    expect(rows.map((row) => [row.name, row.revision, row.pinned, row.status])).toEqual([["mod_pastebin", first.short, true, "ok"]]);
  });

  it("applyLockfile in check mode reports drift and changes nothing; removeModules of the last module empties the lockfile", async () => {
    await installCommunity(new Session(contextFor(root)), { modules: [{ name: N("mod_pastebin"), revision: undefined }], withDependencies: true, force: false, dryRun: false });
    await fs.rm(path.join(root, "community", "mod_pastebin"), { recursive: true });
    const check = await applyLockfile(new Session(contextFor(root)), { check: true, prune: false, force: false, dryRun: false });
    expect(check.plan.steps.map((step) => `${step.name}:${step.action}:${step.why}`)).toEqual(["mod_pastebin:add:its directory is missing"]);
    await expect(fs.access(path.join(root, "community", "mod_pastebin"))).rejects.toThrow();
    const removed = await removeModules(new Session(contextFor(root)), { source: "community", names: [N("mod_pastebin")], keepDeps: false, force: false, dryRun: false });
    expect(removed.lockfile.community.size).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(root, "prosody-manager.lock.json"), "utf8")).community).toEqual({});
  });

  it("the lockfile goes where --lockfile says", async () => {
    const elsewhere = path.join(root, "git", "servers", "xmpp1.lock.json");
    const session = new Session(contextFor(root, { lockfile: elsewhere }));
    expect(session.settings.lockfilePath).toBe(elsewhere);
    await installCommunity(session, { modules: [{ name: N("mod_sasl2"), revision: undefined }], withDependencies: true, force: false, dryRun: false });
    expect(Object.keys(JSON.parse(await fs.readFile(elsewhere, "utf8")).community)).toEqual(["mod_sasl2"]);
  });

  it.runIf(havePath("/usr/lib/prosody/modules/mod_carbons.lua", "the prosody package"))(
    "readModuleCopies: copies by hand in every plugin path and the built-in module, in Prosody's order",
    async () => {
      const first = path.join(root, "first");
      const community = path.join(root, "community");
      await fs.writeFile(path.join(root, "prosody.cfg.lua"), `plugin_paths = { "${first}", "${community}" }\nVirtualHost "localhost"\n`);
      for (const file of [path.join(first, "mod_carbons", "mod_carbons.lua"), path.join(community, "carbons", "mod_carbons.lua"), path.join(community, "mod_loose.lua")]) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, "-- by hand\n");
      }
      const view = await readModuleCopies(new Session(contextFor(root)), { names: [N("mod_carbons")] });
      expect([...view.modules.keys()]).toEqual(["mod_carbons", "mod_loose"]);
      const carbons = view.modules.get(N("mod_carbons"));
      expect(carbons?.copies.map((copy) => [copy.source, copy.file, copy.status])).toEqual([
        ["community", path.join(first, "mod_carbons", "mod_carbons.lua"), "unmanaged"],
        ["community", path.join(community, "carbons", "mod_carbons.lua"), "unmanaged"],
        ["builtin", "/usr/lib/prosody/modules/mod_carbons.lua", "builtin"],
      ]);
      expect(carbons?.loaded?.dir).toBe(first);
      expect(view.modules.get(N("mod_loose"))?.loaded).toMatchObject({ file: path.join(community, "mod_loose.lua"), path: path.join(community, "mod_loose.lua") });
    },
  );
});
