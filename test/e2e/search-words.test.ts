import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory } from "../helpers/fixture-paths.js";

interface SearchJson {
  words: string[];
  results: { name: string; match: string; stage: string | null; sources: string[]; installed: boolean; installedFrom: string[] }[];
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await makeSandbox({ communityUrl: communityRepo });
  const sync = await sandbox.run(["module", "sync", "--quiet"]);
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(() => sandbox.cleanup());

const search = async (...args: string[]): Promise<SearchJson> => {
  const run = await sandbox.run(["module", "search", ...args, "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return parseJson<SearchJson>(run);
};

describe("module search with words", () => {
  it("http upload: every word must match, the module named by the words first", async () => {
    const json = await search("http", "upload");
    expect(json.words).toEqual(["http", "upload"]);
    expect(json.results.map((result) => [result.name, result.match])).toEqual([
      ["mod_http_upload", "exact"],
      ["mod_http_upload_external", "prefix"],
      ["mod_migrate_http_upload", "name"],
    ]);
  });

  it("a word only in the summary still matches, after name matches", async () => {
    const json = await search("push", "notifications");
    expect(json.results.map((result) => result.name)).toContain("mod_cloud_notify");
    expect(json.results.find((result) => result.name === "mod_cloud_notify")?.match).toBe("summary");
    expect((await search("push", "kerberos")).results).toEqual([]);
  });

  it("--stage and --source filter", async () => {
    const all = await search("ldap");
    expect(all.results.map((result) => result.name)).toContain("mod_lib_ldap");
    const rocks = await search("ldap", "--source", "rocks");
    // mod_lib_ldap has no main file, so no rock is built from it.
    expect(rocks.results.map((result) => result.name)).not.toContain("mod_lib_ldap");
    expect(rocks.results.every((result) => result.sources.includes("rocks"))).toBe(true);
    const beta = await search("muc", "--stage", "beta");
    expect(beta.results.length).toBeGreaterThan(0);
    expect(beta.results.every((result) => result.stage === "Beta")).toBe(true);
  });

  it("--installed lists modules installed from either source", async () => {
    const history = await loadHistory();
    expect(history.modules).toContain("mod_pastebin");
    expect((await sandbox.run(["module", "install", "pastebin", "--no-config", "--quiet"])).code).toBe(0);
    expect((await sandbox.run(["module", "rocks", "install", "mod_cloud_notify", "--no-config", "--quiet"])).code).toBe(0);
    const installed = await search("--installed");
    expect(installed.results.map((result) => [result.name, result.installedFrom])).toEqual([
      ["mod_cloud_notify", ["rocks"]],
      ["mod_pastebin", ["community"]],
    ]);
    const text = await sandbox.run(["module", "search", "pastebin"]);
    expect(text.stdout).toMatch(/^\* mod_pastebin\s/m);
  });

  it("an unknown stage or source is a usage error", async () => {
    const stage = await sandbox.run(["module", "search", "muc", "--stage", "gamma", "--json"]);
    expect(stage.code).toBe(2);
    expect(parseJson<{ error: { message: string } }>(stage).error.message).toMatch(/unknown stage 'gamma'/);
    expect((await sandbox.run(["module", "search", "muc", "--source", "apt"])).code).toBe(2);
  });
});
