import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox, snapshotTree } from "../helpers/cli.js";
import { communityRepo, loadHistory, touchingRevisions } from "../helpers/fixture-paths.js";
import { runOnTerminal, type TerminalRun } from "../helpers/terminal.js";

// Issue 8, "ask first": on a terminal, a change that edits the Prosody config, replaces or deletes files or
// downgrades is shown and confirmed first; --yes answers; without a terminal nothing asks. Real hg, LuaRocks and
// prosodyctl (the config edit's check), on a real pseudo-terminal.

const QUESTION = /Proceed\? \[y\/N\]/;

/**
 * The sandbox's config, lockfile, community directory and rocks tree, byte for byte. Left out: the cache, and the lock
 * files every run (dry runs too) rewrites with its pid.
 */
async function serverState(sandbox: Sandbox): Promise<Record<string, string>> {
  const files = await snapshotTree(sandbox.root);
  return Object.fromEntries(Object.entries(files).filter(([file]) => !file.startsWith(`cache${path.sep}`) && !file.endsWith(".prosody-manager.lock")));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

describe("ask first", () => {
  let synced: Sandbox;
  let sandbox: Sandbox;
  beforeAll(async () => {
    synced = await makeSandbox({ communityUrl: communityRepo });
    expect((await synced.run(["module", "sync", "--quiet"])).code).toBe(0);
  });
  afterAll(() => synced.cleanup());
  beforeEach(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo, cacheFrom: synced.cacheDir });
  });
  afterEach(() => sandbox.cleanup());

  const onTerminal = (args: readonly string[], input = ""): Promise<TerminalRun> => runOnTerminal([...sandbox.flags(), ...args], { HOME: sandbox.root, NO_COLOR: "1" }, input);
  const enabledInConfig = async (): Promise<boolean> => /modules_enabled = \{[^}]*"pastebin"/.test(await fs.readFile(sandbox.configPath, "utf8"));
  /** What an applied `install mod_pastebin --enable` leaves: the module's files, and the module in modules_enabled. */
  const expectInstalledAndEnabled = async (): Promise<void> => {
    expect(await exists(path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua"))).toBe(true);
    expect(await enabledInConfig()).toBe(true);
  };

  it("on a terminal, an install that edits the config shows the plan and asks; 'n' changes nothing (exit 1)", async () => {
    const before = await serverState(sandbox);
    const run = await onTerminal(["module", "install", "mod_pastebin", "--enable"], "n\n");
    expect(run.code, run.output).toBe(1);
    // The plan first: the module, the config line and its diff; then why it asks, then the question.
    expect(run.output).toMatch(/would install mod_pastebin at [0-9a-f]{12}/);
    expect(run.output).toMatch(/\+modules_enabled = \{ "disco"; "ping"; "pastebin" \}/);
    expect(run.output).toMatch(/This change:\r?\n {2}- edits the Prosody config \(.*prosody\.cfg\.lua\)/);
    expect(run.output).toMatch(QUESTION);
    expect(run.output).not.toMatch(/\(dry run: nothing was changed\)/);
    expect(run.output).toMatch(/prosody-manager: not confirmed: nothing was changed/);
    expect(run.output).not.toMatch(/\n\s+at /);
    expect(await serverState(sandbox)).toEqual(before);
    expect(await exists(sandbox.communityDir)).toBe(false);
  });

  it("the end of input at the question (Ctrl-D) is no", async () => {
    const before = await serverState(sandbox);
    const run = await onTerminal(["module", "install", "mod_pastebin", "--enable"]);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(QUESTION);
    expect(run.output).toMatch(/not confirmed: nothing was changed/);
    expect(await serverState(sandbox)).toEqual(before);
  });

  it("'y' applies the plan it showed", async () => {
    const run = await onTerminal(["module", "install", "mod_pastebin", "--enable"], "y\n");
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(QUESTION);
    expect(run.output).toMatch(/installed mod_pastebin at [0-9a-f]{12}/);
    await expectInstalledAndEnabled();
  });

  it("--yes answers yes: applied on a terminal without a question", async () => {
    const run = await onTerminal(["--yes", "module", "install", "mod_pastebin", "--enable"]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toMatch(QUESTION);
    await expectInstalledAndEnabled();
  });

  it("without a terminal (pipes: Ansible, CI) it applies without asking", async () => {
    const run = await sandbox.run(["module", "install", "mod_pastebin", "--enable"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(QUESTION);
    await expectInstalledAndEnabled();
  });

  it("a plain addition into an empty place is not asked about; --dry-run and --json never ask", async () => {
    // plugin_paths already holds the community directory: nothing in the config to edit.
    const dryRun = await onTerminal(["--dry-run", "module", "install", "mod_pastebin", "--enable"]);
    expect(dryRun.code, dryRun.output).toBe(0);
    expect(dryRun.output).not.toMatch(QUESTION);
    expect(dryRun.output).toMatch(/\(dry run: nothing was changed\)/);
    const plain = await onTerminal(["module", "install", "mod_pastebin"]);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.output).not.toMatch(QUESTION);
    expect(plain.output).toMatch(/installed mod_pastebin at/);
    const json = await onTerminal(["--json", "module", "enable", "mod_pastebin"]);
    expect(json.code, json.output).toBe(0);
    expect(json.output).not.toMatch(QUESTION);
    expect(await enabledInConfig()).toBe(true);
  });

  it("deleting files asks: 'n' keeps the module and its enablement", async () => {
    expect((await sandbox.run(["module", "install", "mod_pastebin", "--enable"])).code).toBe(0);
    const before = await serverState(sandbox);
    const run = await onTerminal(["module", "remove", "mod_pastebin"], "n\n");
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/would remove mod_pastebin/);
    expect(run.output).toMatch(/- deletes mod_pastebin/);
    expect(await serverState(sandbox)).toEqual(before);
  });

  it("a record-only change (unpin) is not asked about; an update that replaces files is, and 'n' keeps the old files", async () => {
    const [first] = touchingRevisions(await loadHistory(), "mod_pastebin");
    expect(first).toBeDefined();
    expect((await sandbox.run(["module", "install", `mod_pastebin@${first?.short ?? ""}`])).code).toBe(0);
    const unpin = await onTerminal(["module", "unpin", "mod_pastebin"]);
    expect(unpin.code, unpin.output).toBe(0);
    expect(unpin.output).not.toMatch(QUESTION);
    const before = await serverState(sandbox);
    const update = await onTerminal(["module", "update"], "n\n");
    expect(update.code, update.output).toBe(1);
    expect(update.output).toMatch(new RegExp(`- replaces mod_pastebin \\(revision ${first?.short ?? ""} → [0-9a-f]{12}\\)`));
    expect(update.output).toMatch(QUESTION);
    expect(await serverState(sandbox)).toEqual(before);
  });

  it("a rock downgrade asks and says so; 'n' keeps the newer rock", async () => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_pastebin@3-1", "--no-config"])).code).toBe(0);
    const before = await serverState(sandbox);
    const run = await onTerminal(["module", "rocks", "install", "mod_pastebin@2-1", "--no-config"], "n\n");
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/- downgrades rock mod_pastebin 3-1 → 2-1/);
    expect(await serverState(sandbox)).toEqual(before);
    const list = parseJson<{ rocks: { name: string; version: string }[] }>(await sandbox.run(["module", "rocks", "list", "--json"]));
    expect(list.rocks.find((rock) => rock.name === "mod_pastebin")?.version).toBe("3-1");
  });

  it("what needs --force is refused before any question, on a terminal as without one", async () => {
    await fs.mkdir(path.join(sandbox.communityDir, "mod_pastebin"), { recursive: true });
    await fs.writeFile(path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua"), "-- patched by hand\n");
    const before = await serverState(sandbox);
    const run = await onTerminal(["module", "install", "mod_pastebin"], "y\n");
    expect(run.code, run.output).toBe(1);
    expect(run.output).not.toMatch(QUESTION);
    expect(run.output).toMatch(/refusing to overwrite local work/);
    expect(await serverState(sandbox)).toEqual(before);
  });
});
