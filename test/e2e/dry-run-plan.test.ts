import { promises as fs } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory, type FixtureHistory } from "../helpers/fixture-paths.js";

// "The dry-run is the real plan": what a dry run shows (and refuses) is what the real run then does (and refuses).

let history: FixtureHistory;
beforeAll(async () => {
  history = await loadHistory();
});

describe("a module missing at the requested revision", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    expect((await sandbox.run(["module", "sync"])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  it("is an error before anything is made, in the dry run and the real run alike", async () => {
    // mod_unified_push is added by the fixture's last changeset: revision 0 has no such directory.
    const first = history.revisions[0]?.short ?? "";
    expect(history.revisions.find((revision) => revision.added.includes("mod_unified_push"))?.rev).toBeGreaterThan(0);
    for (const extra of [["--dry-run"], []]) {
      const run = await sandbox.run(["module", "install", `mod_unified_push@${first}`, ...extra]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`mod_unified_push does not exist at revision ${first}`));
      expect(run.stderr).toMatch(/hint: see 'prosody-manager module log mod_unified_push'/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      await expect(fs.access(sandbox.communityDir)).rejects.toThrow();
    }
    const misspelt = await sandbox.run(["module", "install", `mod_unified_pus@${first}`, "--dry-run"]);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(/did you mean mod_unified_push\?/);
  });

  it("refuses into an existing community directory too, leaving it as it was", async () => {
    await fs.mkdir(sandbox.communityDir, { recursive: true });
    const run = await sandbox.run(["module", "install", "mod_unified_push", "--rev", "0"]);
    expect(run.code).toBe(1);
    expect(await fs.readdir(sandbox.communityDir)).toEqual([]);
  });
});
