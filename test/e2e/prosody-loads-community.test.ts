import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { startProsody } from "../helpers/prosody.js";

describe("a community module installed by prosody-manager loads in a real Prosody", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
  });
  afterAll(() => sandbox.cleanup());

  it("mod_pastebin is served after install, and is missing before it", async () => {
    const before = await startProsody({ pluginPaths: [sandbox.communityDir], modulesEnabled: ["pastebin"] });
    try {
      await before.waitForLog(/Unable to load module 'pastebin'/);
      expect(await before.log()).not.toMatch(/Serving 'pastebin'/);
    } finally {
      await before.stop();
    }

    const install = await sandbox.run(["module", "install", "mod_pastebin"]);
    expect(install.code).toBe(0);
    const prosody = await startProsody({ pluginPaths: [sandbox.communityDir], modulesEnabled: ["pastebin"] });
    try {
      const log = await prosody.waitForLog(/Serving 'pastebin' at http:\/\//);
      expect(log).not.toMatch(/Unable to load module 'pastebin'/);
    } finally {
      await prosody.stop();
    }
  });
});
