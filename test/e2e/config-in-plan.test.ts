import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSandbox, snapshotTree } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

describe("the config edit is a step of the install's plan", () => {
  it.each([
    ["module", "install", "mod_pastebin"],
    ["module", "rocks", "install", "mod_pastebin"],
  ])("a config edit that fails puts the files back: %s %s %s", async (...command) => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      expect((await sandbox.run(["module", "sync"])).code).toBe(0);
      const before = { community: await snapshotTree(sandbox.communityDir), rocks: await snapshotTree(sandbox.installerPath), config: await fs.readFile(sandbox.configPath, "utf8") };
      // No such host in the config: enabling there cannot be written, so nothing may be installed either.
      const run = await sandbox.run([...command, "--enable", "--host", "nosuch.example.org"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/the Prosody config could not be changed, so mod_pastebin was not installed: .*nosuch\.example\.org/);
      expect({ community: await snapshotTree(sandbox.communityDir), rocks: await snapshotTree(sandbox.installerPath), config: await fs.readFile(sandbox.configPath, "utf8") }).toEqual(before);
      await expect(fs.access(path.join(sandbox.root, "prosody-manager.lock.json"))).rejects.toThrow();
    } finally {
      await sandbox.cleanup();
    }
  });
});
