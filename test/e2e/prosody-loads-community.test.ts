import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";
import { type RunningProsody, startProsody } from "../helpers/prosody.js";

/** What only mod_pastebin answers: a GET for a paste id it does not hold. */
async function pastebinAnswer(prosody: RunningProsody): Promise<string> {
  return prosody.httpGet("/pastebin/no-such-paste").then((answer) => `${answer.status} ${answer.body}`, (error: Error) => `no answer: ${error.message}`);
}

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
      expect(await pastebinAnswer(before)).not.toMatch(/Invalid paste id/);
    } finally {
      await before.stop();
    }

    const install = await sandbox.run(["module", "install", "mod_pastebin"]);
    expect(install.code).toBe(0);
    const prosody = await startProsody({ pluginPaths: [sandbox.communityDir], modulesEnabled: ["pastebin"] });
    try {
      expect(await prosody.log()).not.toMatch(/Unable to load module 'pastebin'/);
      expect(await pastebinAnswer(prosody)).toBe("200 Invalid paste id, perhaps it expired?");
    } finally {
      await prosody.stop();
    }
  });
});
