import { promises as fs } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeSandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

describe("flags are for this run", () => {
  it("a one-off --rocks-server never rewrites plugin_server in the config; it says the two differ", async () => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      // At the top: in the global section (after a VirtualHost line it would be that host's option).
      await fs.writeFile(sandbox.configPath, `plugin_server = "https://rocks.example.org/"\n${await fs.readFile(sandbox.configPath, "utf8")}`);
      const before = await fs.readFile(sandbox.configPath, "utf8");
      // The sandbox's flags point --rocks-server at the fixture server: the install must use it...
      const run = await sandbox.run(["module", "rocks", "install", "mod_pastebin"]);
      expect(run.code, run.stderr).toBe(0);
      await expect(fs.access(`${sandbox.installerPath}/share/lua/5.4/mod_pastebin.lua`)).resolves.toBeUndefined();
      // ...and leave the config's own server alone.
      expect(await fs.readFile(sandbox.configPath, "utf8")).toBe(before);
      expect(run.stderr).toMatch(/the config sets plugin_server = "https:\/\/rocks\.example\.org\/"; this run used ".*" and left the config alone/);
    } finally {
      await sandbox.cleanup();
    }
  });
});
