import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory, touchingRevisions, type FixtureHistory } from "../helpers/fixture-paths.js";

interface ChangesetJson {
  name: string;
  node: string;
  rev: number;
  author: string;
  date: string;
  summary: string;
  rockVersion: string | null;
  installed: boolean;
  files: { name: string; changes: number }[];
  insertions: number;
  deletions: number;
  diff?: string;
}
interface ChangesJson {
  name: string;
  from: { revision: string; origin: string };
  to: string;
  rock: { installed: string; newer: string[] } | null;
  changesets: ChangesetJson[];
}
interface LogJson {
  name: string;
  installed: { revision: string } | null;
  changesets: ChangesetJson[];
}

let history: FixtureHistory;
let sandbox: Sandbox;

function shortOf(rev: number): string {
  const record = history.revisions.find((item) => item.rev === rev);
  if (!record) throw new Error(`fixture has no revision ${rev}`);
  return record.short;
}

beforeAll(async () => {
  history = await loadHistory();
  sandbox = await makeSandbox({ communityUrl: communityRepo });
  const sync = await sandbox.run(["module", "sync", "--quiet"]);
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(() => sandbox.cleanup());

describe("module log", () => {
  it("lists every changeset that touched the module, newest first, with the rock version built from each", async () => {
    const run = await sandbox.run(["module", "log", "mod_pastebin", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const log = parseJson<LogJson>(run);
    const expected = touchingRevisions(history, "mod_pastebin").reverse();
    expect(log.changesets.map((changeset) => changeset.node)).toEqual(expected.map((record) => record.node));
    expect(log.changesets.map((changeset) => changeset.rockVersion)).toEqual(expected.map((_, index) => `${expected.length - index}-1`));
    expect(log.changesets.every((changeset) => changeset.author === "fixture" && /^\d{4}-\d\d-\d\d /.test(changeset.date))).toBe(true);
    expect(log.installed).toBeNull();
  });

  it("a module touched once has one changeset; --limit keeps the newest", async () => {
    const once = parseJson<LogJson>(await sandbox.run(["module", "log", "http_upload", "--json"]));
    expect(once.changesets.map((changeset) => changeset.name)).toEqual(touchingRevisions(history, "mod_http_upload").map((record) => record.short));
    const limited = parseJson<LogJson>(await sandbox.run(["module", "log", "pastebin", "--limit", "1", "--json"]));
    expect(limited.changesets.map((changeset) => changeset.rev)).toEqual([history.revisions[history.revisions.length - 1]?.rev]);
    expect(limited.changesets[0]?.rockVersion).toBe("3-1");
  });

  it("an unknown module is an error with suggestions, a bad limit a usage error", async () => {
    const unknown = await sandbox.run(["module", "log", "pastebim"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown module mod_pastebim/);
    expect(unknown.stderr).toMatch(/mod_pastebin/);
    expect((await sandbox.run(["module", "log", "pastebin", "--limit", "-3"])).code).toBe(2);
  });
});

describe("module changes", () => {
  beforeAll(async () => {
    const install = await sandbox.run(["module", "install", `mod_pastebin@${shortOf(0)}`, "--no-config", "--quiet"]);
    expect(install.code, install.stderr).toBe(0);
  });

  it("lists the changesets between the installed revision and the cache's tip, with a diff stat of the module only", async () => {
    const run = await sandbox.run(["module", "changes", "pastebin", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const changes = parseJson<ChangesJson>(run);
    expect(changes.from).toEqual({ revision: shortOf(0), origin: "installed" });
    expect(changes.to).toBe(history.revisions[history.revisions.length - 1]?.short);
    const expected = touchingRevisions(history, "mod_pastebin").filter((record) => record.rev > 0).reverse();
    expect(changes.changesets.map((changeset) => changeset.node)).toEqual(expected.map((record) => record.node));
    for (const changeset of changes.changesets) {
      // Revision 1 also touched mod_cloud_notify and added mod_sasl2_*: none of that is the module's change.
      expect(changeset.files.map((file) => file.name)).toEqual(["mod_pastebin/mod_pastebin.lua"]);
      expect(changeset.insertions).toBe(1);
      expect(changeset.deletions).toBe(1);
      expect(changeset.diff).toBeUndefined();
    }
  });

  it("the installed revision is marked in the log", async () => {
    const log = parseJson<LogJson>(await sandbox.run(["module", "log", "pastebin", "--json"]));
    expect(log.installed?.revision).toBe(shortOf(0));
    expect(log.changesets.filter((changeset) => changeset.installed).map((changeset) => changeset.rev)).toEqual([0]);
    const text = await sandbox.run(["module", "log", "pastebin"]);
    expect(text.stdout).toMatch(new RegExp(`^\\* ${shortOf(0)}\\s+\\d{4}-`, "m"));
    expect(text.stdout).toMatch(new RegExp(`^  ${shortOf(2)}\\s+\\d{4}-`, "m"));
  });

  it("--from REV starts after that revision, and --diff shows the module's patch", async () => {
    const run = await sandbox.run(["module", "changes", "pastebin", "--from", shortOf(1), "--diff", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const changes = parseJson<ChangesJson>(run);
    expect(changes.from.origin).toBe("option");
    expect(changes.changesets.map((changeset) => changeset.rev)).toEqual([2]);
    expect(changes.changesets[0]?.diff).toMatch(/^diff -r \S+ -r \S+ mod_pastebin\/mod_pastebin\.lua$/m);
    expect(changes.changesets[0]?.diff).not.toMatch(/mod_sasl2/);

    const text = await sandbox.run(["module", "changes", "pastebin", "--from", shortOf(0), "--diff"]);
    expect(text.stdout).toMatch(/^-local length_threshold = .*400\);$/m);
    expect(text.stdout).toMatch(/^\+local length_threshold = .*500\);$/m);
    expect(text.stdout).toMatch(/2 changeset\(s\) from/);
  });

  it("at the tip there is nothing to bring", async () => {
    const run = await sandbox.run(["module", "changes", "pastebin", "--from", shortOf(2), "--json"]);
    expect(parseJson<ChangesJson>(run).changesets).toEqual([]);
  });

  it("refuses a revision that is not a hash or number before running hg, and reports an unknown one", async () => {
    const injected = await sandbox.run(["module", "changes", "pastebin", "--from", "tip) or all("]);
    expect(injected.code).toBe(2);
    expect(injected.stderr).toMatch(/invalid revision/);
    const optionLike = await sandbox.run(["module", "changes", "pastebin", "--from=--config=x"]);
    expect(optionLike.code).toBe(2);
    const unknown = await sandbox.run(["module", "changes", "pastebin", "--from", "abcdef012345", "--json"]);
    expect(unknown.code).toBe(1);
    expect(parseJson<{ error: { message: string } }>(unknown).error.message).toMatch(/no revision 'abcdef012345'/);
  });

  it("an unknown module is an error even with --from", async () => {
    const run = await sandbox.run(["module", "changes", "pastebim", "--from", "0"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown module mod_pastebim/);
  });

  it("a module that is not installed needs --from", async () => {
    const run = await sandbox.run(["module", "changes", "mod_sasl2"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not installed/);
    expect(run.stderr).toMatch(/--from/);
  });

  it("for an installed rock: the newer published versions and the changesets they were built from", async () => {
    const install = await sandbox.run(["module", "rocks", "install", "mod_cloud_notify@1-1", "--no-config", "--quiet"]);
    expect(install.code, install.stderr).toBe(0);
    const changes = parseJson<ChangesJson>(await sandbox.run(["module", "changes", "cloud_notify", "--json"]));
    expect(changes.rock).toEqual({ installed: "1-1", newer: ["2-1"] });
    expect(changes.from.origin).toBe("rock");
    const expected = touchingRevisions(history, "mod_cloud_notify").slice(1).reverse();
    expect(changes.changesets.map((changeset) => changeset.node)).toEqual(expected.map((record) => record.node));
    expect(changes.changesets.map((changeset) => changeset.rockVersion)).toEqual(["2-1"]);
  });

  it("module outdated counts what each update brings, in the same terms", async () => {
    const run = await sandbox.run(["module", "outdated", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const rows = parseJson<{ outdated: { name: string; source: string; changes: number | null }[] }>(run).outdated;
    const pastebin = touchingRevisions(history, "mod_pastebin").filter((record) => record.rev > 0).length;
    expect(rows.map((row) => [row.name, row.source, row.changes])).toEqual([
      ["mod_cloud_notify", "rocks", 1],
      ["mod_pastebin", "community", pastebin],
    ]);
    const text = await sandbox.run(["module", "outdated"]);
    expect(text.stdout).toMatch(new RegExp(`^mod_pastebin\\s+community\\s+.*\\s${pastebin} changesets$`, "m"));
  });
});

describe("after upstream moved on", () => {
  let older: string;
  let box: Sandbox;
  beforeAll(async () => {
    // Upstream as it was at revision 1; the admin installs from it, then upstream gains revision 2.
    older = await fs.mkdtemp(path.join(os.tmpdir(), "pm-upstream-"));
    execFileSync("hg", ["clone", "-q", "-r", "1", communityRepo, path.join(older, "repo")]);
    box = await makeSandbox({ communityUrl: path.join(older, "repo") });
    expect((await box.run(["module", "sync", "--quiet"])).code).toBe(0);
    expect((await box.run(["module", "install", "pastebin", "--no-config", "--quiet"])).code).toBe(0);
    expect((await box.run(["--community-url", communityRepo, "module", "sync", "--quiet"])).code).toBe(0);
  });
  afterAll(async () => {
    await box.cleanup();
    await fs.rm(older, { recursive: true, force: true });
  });

  it("module update --dry-run lists, under each module, the changesets the update brings", async () => {
    const run = await box.run(["module", "update", "--dry-run", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const plan = parseJson<{ modules: { name: string; action: string; changesets?: { name: string; summary: string }[] }[] }>(run);
    const pastebin = plan.modules.find((module) => module.name === "mod_pastebin");
    expect(pastebin?.action).toBe("replace");
    expect(pastebin?.changesets?.map((changeset) => changeset.name)).toEqual([shortOf(2)]);
    const text = await box.run(["module", "update", "--dry-run"]);
    expect(text.stdout).toMatch(new RegExp(`^would replace mod_pastebin ${shortOf(1)} → ${shortOf(2)}\\n    ${shortOf(2)}  \\d{4}-\\d\\d-\\d\\d  fixture  `, "m"));
  });

  it("module changes agrees with the plan", async () => {
    const changes = parseJson<ChangesJson>(await box.run(["module", "changes", "pastebin", "--json"]));
    expect(changes.from).toEqual({ revision: shortOf(1), origin: "installed" });
    expect(changes.changesets.map((changeset) => changeset.name)).toEqual([shortOf(2)]);
  });
});
