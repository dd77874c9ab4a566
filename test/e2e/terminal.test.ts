import { execFile, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAllCommands } from "../../src/cli/commands/index.js";
import { cliPath, makeSandbox, runCli, type Sandbox } from "../helpers/cli.js";
import { runOnTerminal } from "../helpers/terminal.js";
import { communityRepo } from "../helpers/fixture-paths.js";

const execFileAsync = promisify(execFile);

/** What the terminal showed; these runs are expected to succeed. */
async function shownOnTerminal(args: readonly string[], env: Record<string, string>): Promise<string> {
  const run = await runOnTerminal(args, env);
  expect(run.code, run.output).toBe(0);
  return run.output;
}

const visible = (await loadAllCommands()).filter((spec) => !spec.hidden).map((spec) => spec.path);
const groups = [["module"], ["module", "rocks"], ["config"], []];

describe("help follows the terminal width", () => {
  it("at COLUMNS=80 no line of any --help is wider than 80", async () => {
    for (const path of [...groups, ...visible]) {
      const run = await runCli([...path, "--help"], { COLUMNS: "80" });
      expect(run.code, path.join(" ")).toBe(0);
      const wide = run.stdout.split("\n").filter((line) => line.length > 80);
      expect(wide, `${path.join(" ")} --help`).toEqual([]);
    }
  });

  it("a wider terminal gets longer lines, a narrow one shorter; descriptions are paragraphs, not pre-wrapped text", async () => {
    const wide = await runCli(["module", "outdated", "--help"], { COLUMNS: "160" });
    const longest = Math.max(...wide.stdout.split("\n").map((line) => line.length));
    expect(longest).toBeGreaterThan(100);
    expect(longest).toBeLessThanOrEqual(160);
    const narrow = await runCli(["module", "changes", "--help"], { COLUMNS: "60" });
    expect(narrow.stdout.split("\n").filter((line) => line.length > 60)).toEqual([]);
    // A long example is cut with a shell continuation, still one command to copy.
    expect(narrow.stdout).toMatch(/\$ prosody-manager module changes pastebin --from \\\n\s+580dda91e6d8 --diff/);
  });
});

describe("--version", () => {
  it("prints prosody-manager's version alone, on one line", async () => {
    const run = await runCli(["--version"], { PATH: "/nonexistent" });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^prosody-manager \d+\.\d+\.\d+ \(Node\.js \d+\.\d+\.\d+\)\n$/);
  });

  it("'version' names the Prosody, LuaRocks and hg it finds", async () => {
    const run = await runCli(["version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^prosody-manager \d+\.\d+\.\d+ \(Node\.js /);
    expect(run.stdout).toMatch(/^Prosody\s+0\.12\.\d+ \(Lua 5\.4\), \/\S+prosodyctl$/m);
    expect(run.stdout).toMatch(/^LuaRocks\s+3\.\d+\.\d+$/m);
    expect(run.stdout).toMatch(/^Mercurial\s+\d+\.\d+/m);
    const json = await runCli(["--json", "version"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), luarocks: expect.stringMatching(/^3\./), hg: expect.any(String) });
  });

  it("'version' says when a tool is not on PATH", async () => {
    const run = await runCli(["version"], { PATH: "/nonexistent" });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Prosody\s+not found on PATH$/m);
    expect(run.stdout).toMatch(/^Mercurial\s+not found on PATH$/m);
  });
});

describe("progress", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("on a terminal, the first sync shows what it is doing in place", async () => {
    const shown = await shownOnTerminal([...sandbox.flags(), "--cache-dir", path.join(sandbox.root, "tty-cache"), "module", "sync"], { HOME: sandbox.root });
    expect(shown).toMatch(/\r\u001b\[K… fetching the community repository/);
    expect(shown).toMatch(/\r\u001b\[K… [^\r]*reading module metadata/);
    expect(shown).toMatch(/catalogue: \d+ community modules/);
    // Every status line is cleared before the result is printed.
    expect(shown).toMatch(/\r\u001b\[Kcommunity: cloned at [0-9a-f]{12}/);
  });

  it("without a terminal, nothing extra: no carriage returns, no escapes, the same messages", async () => {
    const run = await sandbox.run(["--cache-dir", path.join(sandbox.root, "pipe-cache"), "module", "sync"]);
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).not.toMatch(/[\r\u001b]/);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^Fetching community modules from /),
      expect.stringMatching(/^Fetching the rocks manifest from /),
    ]);
  });

  it("--quiet on a terminal shows no progress either", async () => {
    const shown = await shownOnTerminal([...sandbox.flags(), "--cache-dir", path.join(sandbox.root, "quiet-cache"), "--quiet", "module", "sync"], { HOME: sandbox.root });
    expect(shown).not.toMatch(/\u001b\[K/);
  });

  it("waiting for another run's lock says so at once", async () => {
    const cacheDir = path.join(sandbox.root, "locked-cache");
    await fs.mkdir(cacheDir, { recursive: true });
    // A real holder: flock(1) keeps the cache's lock while this test runs.
    const holder = spawn("flock", [path.join(cacheDir, "prosody-manager.lock"), "sleep", "30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const run = await sandbox.run(["--cache-dir", cacheDir, "module", "sync"], { PROSODY_MANAGER_LOCK_WAIT_MS: "1500" });
      expect(run.code).toBe(1);
      const lines = run.stderr.split("\n");
      expect(lines[0]).toMatch(/^warning: waiting for .* to finish with the cache .* \(up to \d+s\)$/);
      expect(run.stderr).toMatch(/gave up waiting/);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("a sync waits only for the cache: a change's lock on the community directory does not stop it, and a change waits for a sync", async () => {
    const communityLock = path.join(path.dirname(sandbox.communityDir), `.${path.basename(sandbox.communityDir)}.prosody-manager.lock`);
    // --close: the lock is flock's own, so killing flock gives it back (sleep would otherwise keep it).
    const holder = spawn("flock", ["--close", communityLock, "sleep", "30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sync = await sandbox.run(["module", "sync"], { PROSODY_MANAGER_LOCK_WAIT_MS: "1500" });
      expect(sync.code, sync.stderr).toBe(0);
      expect(sync.stderr).not.toMatch(/waiting for/);
      const install = await sandbox.run(["module", "install", "--no-config", "mod_pastebin"], { PROSODY_MANAGER_LOCK_WAIT_MS: "1500" });
      expect(install.code).toBe(1);
      expect(install.stderr).toMatch(/waiting for .* the community directory/);
    } finally {
      holder.kill("SIGKILL");
    }
    const cacheHolder = spawn("flock", ["--close", path.join(sandbox.cacheDir, "prosody-manager.lock"), "sleep", "30"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const install = await sandbox.run(["module", "install", "--no-config", "mod_pastebin"], { PROSODY_MANAGER_LOCK_WAIT_MS: "1500" });
      expect(install.code).toBe(1);
      expect(install.stderr).toMatch(/waiting for .* the cache/);
    } finally {
      cacheHolder.kill("SIGKILL");
    }
  });
});

describe("colour", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    expect((await sandbox.run(["module", "sync", "--quiet"])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  const diffArgs = (): string[] => [...sandbox.flags(), "module", "changes", "pastebin", "--from", "0", "--diff"];

  it("diffs and errors are coloured on a terminal", async () => {
    const shown = await shownOnTerminal(diffArgs(), { HOME: sandbox.root });
    expect(shown).toMatch(/\u001b\[32m\+local length_threshold/);
    expect(shown).toMatch(/\u001b\[31m-local length_threshold/);
    const error = (await runOnTerminal([...sandbox.flags(), "module", "changes", "pastebin", "--from", "abcdef"], { HOME: sandbox.root })).output;
    expect(error).toMatch(/\u001b\[31mprosody-manager:\u001b\[0m the cached repository has no revision/);
  });

  // A table or a help on a terminal ends at once too (Node's --trace-exit names the process.exit), with all of it
  // shown. Help asks the terminal's width, so stdout is a stream there: it holds nothing back, writes to a terminal
  // being synchronous.
  it("a read command and a help on a terminal end at once, all of their output shown", async () => {
    const env = { HOME: sandbox.root, NO_COLOR: "1", NODE_OPTIONS: "--trace-exit" };
    const table = await shownOnTerminal([...sandbox.flags(), "module", "search", "pastebin"], env);
    expect(table).toMatch(/module\(s\); \* = installed/);
    expect(table).toContain("Exited the environment with code 0");
    const help = await shownOnTerminal([...sandbox.flags(), "module", "search", "--help"], env);
    expect(help).toContain("prosody-manager module search --installed --json");
    expect(help).toContain("Exited the environment with code 0");
  });

  it("never with NO_COLOR, --no-color, or when piped", async () => {
    expect(await shownOnTerminal(diffArgs(), { HOME: sandbox.root, NO_COLOR: "1" })).not.toMatch(/\u001b\[3/);
    expect(await shownOnTerminal(["--no-color", ...diffArgs()], { HOME: sandbox.root })).not.toMatch(/\u001b\[3/);
    const piped = await sandbox.run(diffArgs(), { NO_COLOR: "" });
    expect(piped.stdout).toMatch(/^\+local length_threshold/m);
    expect(piped.stdout).not.toMatch(/\u001b/);
  });
});

describe("pipes", () => {
  it("a reader that stops early (| head, | true) ends the run quietly, without a stack trace", async () => {
    // `true` exits before node has started, so every write meets a closed pipe.
    const script = `'${process.execPath}' '${cliPath}' __man | true; echo "status \${PIPESTATUS[0]}" >&2`;
    const { stderr } = await execFileAsync("bash", ["-c", script]);
    expect(stderr.trim()).toBe("status 0");
  });
});

describe("man page", () => {
  it("is generated from the command definitions and renders without warnings", async () => {
    const run = await runCli(["__man"], { SOURCE_DATE_EPOCH: "1700000000" });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\.TH PROSODY\\-MANAGER 1 "2023-11-14"/m);
    for (const path of visible) expect(run.stdout).toContain(`.SS "${path.join(" ").replace(/-/g, "\\-")}`);
    expect(run.stdout).not.toContain("__complete");
    const dir = await fs.mkdtemp(path.join((await import("node:os")).tmpdir(), "pm-man-"));
    try {
      const file = path.join(dir, "prosody-manager.1");
      await fs.writeFile(file, run.stdout);
      const rendered = await execFileAsync("man", ["--warnings", "-l", file], { env: { ...process.env, MANWIDTH: "80", MANPAGER: "cat", PAGER: "cat" } });
      expect(rendered.stderr).toBe("");
      expect(rendered.stdout).toMatch(/module changes <module> \[options\]/);
      expect(rendered.stdout).toMatch(/PROSODY_MANAGER_CACHE/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
