// One view of what is installed: info, search, list and outdated show every copy of a module — a rock, a community
// copy, a copy made by hand in another plugin path, the built-in module — and the one Prosody loads (installer tree,
// then plugin_paths in order, then its own modules). Real hg, LuaRocks and Prosody's module directory.
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory, upstreamCopy } from "../helpers/fixture-paths.js";
import { havePath, haveTools } from "../helpers/requirements.js";

interface CopyJson {
  source: string;
  dir: string;
  path: string;
  file: string | null;
  version: string | null;
  status: string;
  pinned: boolean;
  loaded: boolean;
}
interface CopiesJson {
  copies: CopyJson[];
  loads: CopyJson | null;
}

const BUILTIN_DIR = "/usr/lib/prosody/modules";
const summary = (copies: readonly CopyJson[]): string[][] => copies.map((copy) => [copy.source, copy.dir, copy.status, String(copy.loaded)]);

describe.runIf(haveTools("hg", "luarocks"))("every copy of a module, and the one Prosody loads", () => {
  let sandbox: Sandbox;
  let handDir: string;
  let rockInstall: CliRun;
  let communityUnderRock: CliRun;
  let oldRevision: string;

  beforeAll(async () => {
    const history = await loadHistory();
    const first = history.revisions[0];
    if (!first) throw new Error("the fixture has no revisions");
    oldRevision = first.short;
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    handDir = path.join(sandbox.root, "hand");
    // A second plugin path, searched before the community directory, with a copy made by hand.
    const config = await fs.readFile(sandbox.configPath, "utf8");
    await fs.writeFile(sandbox.configPath, config.replace(`plugin_paths = { "${sandbox.communityDir}" }`, `plugin_paths = { "${handDir}", "${sandbox.communityDir}" }`));
    const run = async (...args: string[]): Promise<CliRun> => {
      const result = await sandbox.run(args);
      expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(0);
      return result;
    };
    await run("module", "sync", "--quiet");
    // mod_pastebin: an old pinned community revision, a hand copy of it, then an old pinned rock over both.
    await run("module", "install", `mod_pastebin@${oldRevision}`, "--no-config");
    await fs.cp(path.join(sandbox.communityDir, "mod_pastebin"), path.join(handDir, "mod_pastebin"), { recursive: true });
    rockInstall = await run("module", "rocks", "install", "mod_pastebin@2-1", "--no-config", "--json");
    // mod_cloud_notify: the rock first, then a community copy that the rock keeps shadowing.
    await run("module", "rocks", "install", "mod_cloud_notify", "--no-config");
    communityUnderRock = await run("module", "install", "mod_cloud_notify", "--no-config");
  });
  afterAll(() => sandbox.cleanup());

  const rockFile = (): string => path.join(sandbox.installerPath, "share", "lua", "5.4", "mod_pastebin.lua");

  it("installing a copy says what it shadows, or what shadows it", () => {
    expect(rockInstall.stderr).toContain(`mod_pastebin: the rock will shadow the hand-installed copy in ${handDir} and the community copy in ${sandbox.communityDir}; Prosody loads the new copy`);
    expect(parseJson<{ warnings: string[] }>(rockInstall).warnings).toHaveLength(1);
    expect(communityUnderRock.stderr).toMatch(new RegExp(`mod_cloud_notify: Prosody loads the rock \\S+ in ${sandbox.installerPath} first; the community copy being installed will not be loaded`));
  });

  it("installing one source's copy plans nothing for the other source's copy of the same name", async () => {
    const community = await sandbox.run(["module", "install", "mod_pastebin", "--force", "--no-config", "--dry-run", "--json"]);
    expect(community.code, community.stderr).toBe(0);
    expect(parseJson<{ modules: { name: string; source: string }[] }>(community).modules.map((step) => step.source)).toEqual(["community"]);
  });

  it("module info lists the rock, the hand copy and the community copy in search order, and which one loads", async () => {
    const run = await sandbox.run(["module", "info", "pastebin", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const info = parseJson<CopiesJson & { installed: { source: string; revision: string } | null; builtin: unknown }>(run);
    expect(summary(info.copies)).toEqual([
      ["rocks", sandbox.installerPath, "ok", "true"],
      ["community", handDir, "unmanaged", "false"],
      ["community", sandbox.communityDir, "ok", "false"],
    ]);
    expect(info.copies.map((copy) => [copy.version?.slice(0, 12) ?? null, copy.pinned])).toEqual([["2-1", true], [null, false], [oldRevision, true]]);
    expect(info.loads?.file).toBe(rockFile());
    expect(info.installed).toMatchObject({ source: "rocks", revision: "2-1" });
    expect(info.builtin).toBeNull();

    const text = await sandbox.run(["module", "info", "pastebin"]);
    expect(text.stdout).toMatch(/^installed: +3 copies$/m);
    expect(text.stdout).toContain(`rock 2-1 ${rockFile()} (ok, pinned) <- Prosody loads this`);
    expect(text.stdout).toContain(`hand-installed ${path.join(handDir, "mod_pastebin", "mod_pastebin.lua")} (unmanaged) (shadowed)`);
    expect(text.stdout).toContain(`community ${oldRevision} ${path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua")} (ok, pinned) (shadowed)`);
    expect(text.stdout).toMatch(new RegExp(`^Prosody loads: rock 2-1 \\(${rockFile()}\\)$`, "m"));
  });

  it("module list has a row for every copy, saying which one loads", async () => {
    const list = parseJson<{ modules: { name: string; source: string; path: string; loaded: boolean }[] }>(await sandbox.run(["module", "list", "--json"]));
    expect(list.modules.filter((row) => row.name === "mod_pastebin").map((row) => [row.source, row.path, row.loaded])).toEqual([
      ["rocks", sandbox.installerPath, true],
      ["unmanaged", path.join(handDir, "mod_pastebin"), false],
      ["community", path.join(sandbox.communityDir, "mod_pastebin"), false],
    ]);
    const text = await sandbox.run(["module", "list"]);
    expect(text.stdout).toMatch(/^NAME +SOURCE +VERSION +STAGE +STATUS +LOADS +PATH$/m);
    expect(text.stdout).toMatch(/^mod_pastebin +rocks +2-1 \(pinned\) +\S+ +ok +yes +/m);
    expect(text.stdout).toMatch(/^mod_pastebin +unmanaged +- +\S+ +unmanaged +no, shadowed +/m);
  });

  it("module search shows every copy and the loaded one", async () => {
    const run = await sandbox.run(["module", "search", "pastebin", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const hit = parseJson<{ results: (CopiesJson & { name: string; installed: boolean; installedFrom: string[] })[] }>(run).results.find((result) => result.name === "mod_pastebin");
    expect(hit?.installedFrom).toEqual(["community", "rocks"]);
    expect(summary(hit?.copies ?? [])).toHaveLength(3);
    expect(hit?.loads).toMatchObject({ source: "rocks", file: rockFile() });
    expect((await sandbox.run(["module", "search", "pastebin"])).stdout).toMatch(/^\* mod_pastebin +\S+ +rocks,community +rock 2-1 +/m);
  });

  it("module outdated lists both outdated copies and says the community one is not what Prosody loads", async () => {
    const run = await sandbox.run(["module", "outdated", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const rows = parseJson<{ outdated: (CopiesJson & { name: string; source: string; loaded: boolean })[] }>(run).outdated.filter((row) => row.name === "mod_pastebin");
    expect(rows.map((row) => [row.source, row.loaded, row.copies.length, row.loads?.source])).toEqual([
      ["community", false, 3, "rocks"],
      ["rocks", true, 3, "rocks"],
    ]);
    const text = await sandbox.run(["module", "outdated"]);
    expect(text.stdout).toMatch(/^mod_pastebin +community +\S+ \(pinned\) +\S+ +no, Prosody loads rock 2-1 +/m);
  });

  it("module outdated hashes the outdated copies it shows: a local edit there is 'modified'", async () => {
    const file = path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua");
    const original = await fs.readFile(file);
    await fs.appendFile(file, "-- edited on the server\n");
    try {
      const rows = parseJson<{ outdated: (CopiesJson & { name: string; source: string })[] }>(await sandbox.run(["module", "outdated", "--json"])).outdated;
      const community = rows.find((row) => row.name === "mod_pastebin" && row.source === "community");
      expect(community?.copies.find((copy) => copy.source === "community" && copy.dir === sandbox.communityDir)?.status).toBe("modified");
    } finally {
      await fs.writeFile(file, original);
    }
  });

  it("completion offers hand copies as installed, and only what remove can act on for remove", async () => {
    const words = async (source: string): Promise<string[]> => (await sandbox.run(["__complete", source])).stdout.split("\n").filter(Boolean);
    await fs.mkdir(path.join(handDir, "mod_only_by_hand"), { recursive: true });
    await fs.writeFile(path.join(handDir, "mod_only_by_hand", "mod_only_by_hand.lua"), "-- made by hand\n");
    try {
      expect(await words("installed")).toEqual(["mod_cloud_notify", "mod_only_by_hand", "mod_pastebin"]);
      expect(await words("installed-community")).toEqual(["mod_cloud_notify", "mod_pastebin"]);
      expect(await words("installed-rocks")).toEqual(["mod_cloud_notify", "mod_pastebin"]);
    } finally {
      await fs.rm(path.join(handDir, "mod_only_by_hand"), { recursive: true, force: true });
    }
  });
});

describe.runIf(havePath(path.join(BUILTIN_DIR, "mod_carbons.lua"), "the prosody package") && haveTools("hg"))("built-in modules are named as such", () => {
  let sandbox: Sandbox;
  let repo: string;

  beforeAll(async () => {
    sandbox = await makeSandbox();
    // A community repository that also has a module Prosody ships: the fixture's modules never do.
    repo = upstreamCopy(path.join(sandbox.root, "repo"));
    await fs.mkdir(path.join(repo, "mod_carbons"));
    await fs.writeFile(path.join(repo, "mod_carbons", "mod_carbons.lua"), 'module:log("info", "community carbons");\n');
    await fs.writeFile(path.join(repo, "mod_carbons", "README.md"), "---\nsummary: Message Carbons, the community copy\nlabels:\n- Stage-Beta\n---\n\nA copy of a built-in module.\n");
    execFileSync("hg", ["--cwd", repo, "--config", "ui.username=test <test@example.org>", "commit", "--quiet", "--addremove", "-m", "mod_carbons: a community copy"]);
    const sync = await sandbox.run(["--community-url", repo, "module", "sync", "--quiet"]);
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  it("module info of a module only Prosody ships says built-in, not unknown", async () => {
    const run = await sandbox.run(["--community-url", repo, "module", "info", "invites", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const info = parseJson<CopiesJson & { sources: string[]; builtin: { file: string } | null; installed: unknown }>(run);
    expect(info.sources).toEqual([]);
    expect(info.builtin?.file).toBe(path.join(BUILTIN_DIR, "mod_invites.lua"));
    expect(info.installed).toBeNull();
    expect(summary(info.copies)).toEqual([["builtin", BUILTIN_DIR, "builtin", "true"]]);
    const text = await sandbox.run(["--community-url", repo, "module", "info", "mod_invites"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^built in: +yes, Prosody ships it/m);
    expect(text.stdout).toMatch(/^installed: +no$/m);
    expect(text.stderr).not.toMatch(/unknown/);
  });

  it("module enable of a built-in module says it is built in", async () => {
    const run = await sandbox.run(["--community-url", repo, "module", "enable", "carbons", "--dry-run"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`mod_carbons is built into Prosody (${path.join(BUILTIN_DIR, "mod_carbons.lua")})`);
    const json = parseJson<{ builtin: boolean; loads: CopyJson }>(await sandbox.run(["--community-url", repo, "module", "enable", "carbons", "--dry-run", "--json"]));
    expect(json.builtin).toBe(true);
    expect(json.loads.source).toBe("builtin");
  });

  it("installing a module only Prosody ships says it is built in, from either source, and changes nothing", async () => {
    for (const command of [["module", "install", "invites"], ["module", "rocks", "install", "mod_invites"]]) {
      const run = await sandbox.run(["--community-url", repo, ...command]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^prosody-manager: mod_invites is built into Prosody; .* does not offer it, and there is nothing to install$/m);
      expect(run.stderr).toContain("prosody-manager module enable mod_invites");
      expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
    await expect(fs.access(path.join(sandbox.communityDir, "mod_invites"))).rejects.toThrow();
  });

  it("installing a community copy of a built-in module says it shadows the built-in one; info then shows both", async () => {
    const install = await sandbox.run(["--community-url", repo, "module", "install", "mod_carbons", "--no-config"]);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toContain("mod_carbons: the community copy will shadow the built-in module; Prosody loads the new copy");
    const info = parseJson<CopiesJson & { builtin: { file: string } | null }>(await sandbox.run(["--community-url", repo, "module", "info", "carbons", "--json"]));
    expect(summary(info.copies)).toEqual([
      ["community", sandbox.communityDir, "ok", "true"],
      ["builtin", BUILTIN_DIR, "builtin", "false"],
    ]);
    expect(info.builtin?.file).toBe(path.join(BUILTIN_DIR, "mod_carbons.lua"));
    const list = parseJson<{ modules: { name: string; source: string; loaded: boolean }[] }>(await sandbox.run(["--community-url", repo, "module", "list", "--json"]));
    expect(list.modules.map((row) => [row.name, row.source, row.loaded])).toEqual([
      ["mod_carbons", "community", true],
      ["mod_carbons", "builtin", false],
    ]);

    // Removing the community copy leaves the built-in one, which stays enabled and loads now.
    expect((await sandbox.run(["--community-url", repo, "module", "enable", "carbons"])).code).toBe(0);
    const remove = await sandbox.run(["--community-url", repo, "module", "remove", "mod_carbons", "--json"]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(parseJson<{ stillProvided: unknown[] }>(remove).stillProvided).toEqual([{ name: "mod_carbons", file: path.join(BUILTIN_DIR, "mod_carbons.lua"), kind: "builtin", source: "builtin" }]);
    expect(await fs.readFile(sandbox.configPath, "utf8")).toMatch(/modules_enabled = \{[^}]*"carbons"/);
  });
});
