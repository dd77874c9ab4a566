import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { runInProcess, runInSandbox } from "../helpers/in-process.js";

// The pattern for commands run in-process (test/helpers/in-process.ts): the same argv, exit code, stdout and stderr
// as the built CLI, against the same real fixture, without a build or a spawn per run.

describe("in-process: search and info on a sandbox synced from the fixture", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    const sync = await runInSandbox(sandbox, ["module", "sync", "--json"]);
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  it("module search finds mod_pastebin first for 'pastebin', in a table and in JSON", async () => {
    const table = await runInSandbox(sandbox, ["module", "search", "pastebin"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+STAGE\s+SOURCES\s+LOADS\s+SUMMARY\n[ *] mod_pastebin\s/);
    const json = await runInSandbox(sandbox, ["module", "search", "pastebin", "--json"]);
    expect(parseJson<{ results: { name: string; match: string }[] }>(json).results[0]).toMatchObject({ name: "mod_pastebin", match: "exact" });
  });

  it("module info reads the README and the code of the synced revision", async () => {
    const run = await runInSandbox(sandbox, ["module", "info", "sasl2_fast", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const info = parseJson<{ name: string; dependencies: { community: string[] }; installed: unknown }>(run);
    expect(info).toMatchObject({ name: "mod_sasl2_fast", installed: null });
    expect(info.dependencies.community).toContain("mod_sasl2");
  });

  it("a usage error is exit 2 with one error line and a hint on stderr, and nothing on stdout", async () => {
    const run = await runInSandbox(sandbox, ["module", "info", "../etc"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^prosody-manager: .*module name/), expect.stringMatching(/^hint: /)]);
  });

  it("a relative --config is read from the command's working directory", async () => {
    // Each option not given as a flag comes from this config, found relative to cwd (not this process's cwd).
    const config = `plugin_paths = { "${path.join(sandbox.root, "from-config")}" }\nVirtualHost "localhost"\n`;
    await fs.writeFile(path.join(sandbox.root, "relative.cfg.lua"), config);
    const run = await runInProcess(
      ["--config", "relative.cfg.lua", "--cache-dir", "cache", "--community-url", communityRepo, "module", "install", "mod_pastebin", "--dry-run", "--no-config", "--json"],
      { cwd: sandbox.root, env: { HOME: sandbox.root } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ communityDir: string }>(run).communityDir).toBe(path.join(sandbox.root, "from-config"));
  });
});
