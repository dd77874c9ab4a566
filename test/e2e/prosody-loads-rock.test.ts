import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { startProsody } from "../helpers/prosody.js";

describe("a rock installed by prosody-manager loads in a real Prosody", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("mod_pastebin from the installer tree is served", async () => {
    expect((await sandbox.run(["module", "rocks", "install", "mod_pastebin"])).code).toBe(0);
    const prosody = await startProsody({ pluginPaths: [], installerPath: sandbox.installerPath, modulesEnabled: ["pastebin"] });
    try {
      expect(await prosody.log()).not.toMatch(/Unable to load module 'pastebin'/);
      // Only mod_pastebin answers this, so the rock's code is what runs.
      expect(await prosody.httpGet("/pastebin/no-such-paste")).toMatchObject({ status: 200, body: "Invalid paste id, perhaps it expired?" });
    } finally {
      await prosody.stop();
    }
  });
});
