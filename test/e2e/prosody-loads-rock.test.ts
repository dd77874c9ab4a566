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
      const log = await prosody.waitForLog(/Serving 'pastebin' at http:\/\//);
      expect(log).not.toMatch(/Unable to load module 'pastebin'/);
    } finally {
      await prosody.stop();
    }
  });
});
