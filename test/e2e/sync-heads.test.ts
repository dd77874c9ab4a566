import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { upstreamCopy } from "../helpers/fixture-paths.js";
import { hgRepo } from "../helpers/hg-repo.js";
import { type HgServer, startHgServe } from "../helpers/hg-serve.js";

type SyncJson = { community: { revision: string }; sources: { source: string; ok: boolean; detail: string }[] };

/**
 * The real hg behind a script that first notes its arguments: a sync that needs no hg must leave the log empty.
 * (A recorder in front of the real tool, not a stand-in for it.)
 */
async function recordingHg(dir: string): Promise<{ env: Record<string, string>; calls(): Promise<string[]>; clear(): Promise<void> }> {
  const real = execFileSync("sh", ["-c", "command -v hg"], { encoding: "utf8" }).trim();
  const bin = path.join(dir, "bin");
  const log = path.join(dir, "hg-calls.log");
  await fs.mkdir(bin, { recursive: true });
  await fs.writeFile(path.join(bin, "hg"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    env: { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` },
    calls: async () => (await fs.readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean),
    clear: () => fs.rm(log, { force: true }),
  };
}

describe("a sync asks the upstream for its heads before pulling", () => {
  let sandbox: Sandbox;
  let upstream: string;
  let served: HgServer;
  beforeAll(async () => {
    sandbox = await makeSandbox();
    upstream = upstreamCopy(path.join(sandbox.root, "upstream"));
    served = await startHgServe(upstream);
  });
  afterAll(async () => {
    await served?.close();
    await sandbox?.cleanup();
  });

  for (const where of ["a directory", "hg serve"] as const) {
    it(`from ${where}: no hg at all when nothing is new, one pull when a changeset is`, async () => {
      const url = where === "hg serve" ? served.url : upstream;
      const hg = await recordingHg(path.join(sandbox.root, where.replace(/\W/g, "-")));
      const cache = ["--cache-dir", path.join(sandbox.root, `cache-${where.replace(/\W/g, "-")}`), "--community-url", url];
      const sync = async (): Promise<SyncJson> => {
        const run = await sandbox.run([...cache, "module", "sync", "--json"], hg.env);
        expect(run.code, run.stderr).toBe(0);
        return parseJson<SyncJson>(run);
      };

      const first = await sync();
      expect((await hg.calls()).some((call) => / clone /.test(` ${call} `))).toBe(true);
      await hg.clear();

      const again = await sync();
      expect(again.sources.find((source) => source.source === "community")?.detail).toBe(`already up to date at ${first.community.revision}`);
      expect(await hg.calls()).toEqual([]);

      const code = path.join(upstream, "mod_pastebin", "mod_pastebin.lua");
      await fs.appendFile(code, `-- a line from the test (${where})\n`);
      hgRepo(upstream).commit(`a change (${where})`);
      const pulled = await sync();
      expect(pulled.sources.find((source) => source.source === "community")?.detail).toMatch(new RegExp(`^updated ${first.community.revision} → `));
      expect(pulled.community.revision).not.toBe(first.community.revision);
      expect((await hg.calls()).filter((call) => / pull /.test(` ${call} `))).toHaveLength(1);
    });
  }
});

describe("a sync after a pull that stopped before its update", () => {
  it("moves the working copy to the tip it already holds, with no pull, and indexes what that brought", async () => {
    const sandbox = await makeSandbox();
    try {
      const upstream = upstreamCopy(path.join(sandbox.root, "upstream"));
      const hg = await recordingHg(path.join(sandbox.root, "recorder"));
      const flags = ["--community-url", upstream];
      const first = parseJson<SyncJson>(await sandbox.run([...flags, "module", "sync", "--json"], hg.env));
      await fs.appendFile(path.join(upstream, "mod_pastebin", "mod_pastebin.lua"), "-- a line from the test\n");
      hgRepo(upstream).commit("a change");
      // What a sync killed between hg's pull and its update leaves: the changeset in the store, the files as before.
      const cached = path.join(sandbox.cacheDir, "community");
      execFileSync("hg", ["pull", "-q", "-R", cached, upstream]);
      await hg.clear();

      const run = await sandbox.run([...flags, "module", "sync", "--json"], hg.env);
      expect(run.code, run.stderr).toBe(0);
      const sync = parseJson<SyncJson>(run);
      const tip = execFileSync("hg", ["log", "-R", upstream, "-r", "tip", "--template", "{node|short}"], { encoding: "utf8" });
      expect(sync.community.revision).toBe(tip);
      expect(sync.sources.find((source) => source.source === "community")?.detail).toBe(`updated ${first.community.revision} → ${tip}`);
      expect(execFileSync("hg", ["log", "-R", cached, "-r", ".", "--template", "{node|short}"], { encoding: "utf8" })).toBe(tip);
      const calls = await hg.calls();
      expect(calls.some((call) => / update /.test(` ${call} `))).toBe(true);
      expect(calls.some((call) => / pull /.test(` ${call} `))).toBe(false);
    } finally {
      await sandbox.cleanup();
    }
  });
});
