// A sync whose rocks manifest is the one the catalogue was built from, but whose catalogue cannot be read past its
// first bytes: the rocks come from parsing the manifest after all, not from the lost catalogue (nor as none).
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { upstreamCopy } from "../helpers/fixture-paths.js";
import { hgRepo } from "../helpers/hg-repo.js";

interface CatalogueHead {
  builtAt: string;
  community: { revision: string; modules: unknown[] };
  rocks: { modules: { name: string; versions: string[] }[] };
}

describe("a sync over a damaged catalogue, the rocks manifest unchanged", () => {
  let sandbox: Sandbox;
  let repo: string;
  let before: CatalogueHead;

  beforeAll(async () => {
    sandbox = await makeSandbox();
    repo = upstreamCopy(path.join(sandbox.root, "upstream"));
    const first = await sandbox.run(["--community-url", repo, "module", "sync", "--quiet"]);
    expect(first.code, first.stderr).toBe(0);
    before = JSON.parse(await fs.readFile(path.join(sandbox.cacheDir, "catalogue.json"), "utf8")) as CatalogueHead;
  });
  afterAll(() => sandbox.cleanup());

  it("parses the manifest again and keeps every rock", async () => {
    expect(before.rocks.modules.length).toBeGreaterThan(10);
    // Its head (the build time the summary is checked against) stays; the rest is cut off.
    const file = path.join(sandbox.cacheDir, "catalogue.json");
    const text = await fs.readFile(file, "utf8");
    await fs.writeFile(file, text.slice(0, 6000));
    // Upstream moves on, so the sync has something to do and needs the catalogue it cannot read.
    const moduleDir = (await fs.readdir(repo)).find((name) => name.startsWith("mod_"));
    if (!moduleDir) throw new Error("the fixture has no module");
    await fs.appendFile(path.join(repo, moduleDir, `${moduleDir}.lua`), "-- a line upstream added\n");
    hgRepo(repo).commit(`${moduleDir}: a change`);

    const run = await sandbox.run(["--community-url", repo, "module", "sync", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const json = parseJson<{ rocks: { modules: number }; community: { modules: number } }>(run);
    expect(json.rocks.modules).toBe(before.rocks.modules.length);
    const after = JSON.parse(await fs.readFile(file, "utf8")) as CatalogueHead;
    expect(after.rocks.modules).toEqual(before.rocks.modules);
    expect(after.community.revision).not.toBe(before.community.revision);
    expect(after.community.modules.length).toBe(before.community.modules.length);
  });
});
