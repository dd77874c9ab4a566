import { describe, expect, it } from "vitest";
import type { ActualCommunityModule, ActualRock, ActualState } from "../../src/core/model/actual.js";
import { removeWithOrphans, setPinned, upsert } from "../../src/core/model/desired.js";
import type { LockedCommunityModule, LockedRock, Lockfile } from "../../src/core/model/lockfile.js";
import { changes, diffState } from "../../src/core/model/plan.js";
import type { ModuleName } from "../../src/core/types.js";

const N = (name: string): ModuleName => name as ModuleName;
const node = (digit: string): string => digit.repeat(40);
const hash = (digit: string): string => `sha256-${digit.repeat(64)}`;

function locked(revision: string, overrides: Partial<LockedCommunityModule> = {}): LockedCommunityModule {
  return { revision, pinned: false, reason: "requested", treeHash: undefined, requires: [], ...overrides };
}
function rock(version: string, overrides: Partial<LockedRock> = {}): LockedRock {
  return { version, pinned: false, reason: "requested", treeHash: undefined, requires: [], ...overrides };
}
function have(name: string, overrides: Partial<ActualCommunityModule> = {}): ActualCommunityModule {
  return { name: N(name), path: `/mods/${name}`, status: "ok", revision: node("a"), pinned: false, reason: "requested", recordedHash: hash("1"), currentHash: hash("1"), ...overrides };
}
function haveRock(name: string, version: string, overrides: Partial<ActualRock> = {}): ActualRock {
  return { name: N(name), version, requires: [], currentHash: hash("2"), managed: true, pinned: false, reason: "requested", recordedHash: hash("2"), status: "ok", fileChanges: undefined, ...overrides };
}
const lockfile = (community: [string, LockedCommunityModule][], rocks: [string, LockedRock][] = []): Lockfile => ({
  community: new Map(community.map(([name, entry]) => [N(name), entry])),
  rocks: new Map(rocks.map(([name, entry]) => [N(name), entry])),
});
const actual = (community: ActualCommunityModule[], rocks: ActualRock[] = []): ActualState => ({
  community: new Map(community.map((item) => [item.name, item])),
  rocks: new Map(rocks.map((item) => [item.name, item])),
});
const summary = (plan: ReturnType<typeof diffState>): string[] => plan.steps.map((step) => `${step.source}:${step.name}:${step.action}`);

describe("diffState", () => {
  it("source: a rock and a community copy of the same name are two modules; installing one leaves the other alone", () => {
    const desired = lockfile([["mod_x", locked(node("a"))]], [["mod_x", rock("2-1")]]);
    const disk = actual([have("mod_x")], [haveRock("mod_x", "2-1")]);
    const reinstall = new Set([N("mod_x")]);
    expect(summary(diffState(desired, disk, { only: reinstall, reinstall, source: "community" }))).toEqual(["community:mod_x:change"]);
    expect(summary(diffState(desired, disk, { only: reinstall, reinstall, source: "rocks" }))).toEqual(["rocks:mod_x:change"]);
    expect(summary(diffState(lockfile([]), disk, { only: reinstall, source: "rocks" }))).toEqual(["rocks:mod_x:remove"]);
  });

  it("adds what is missing, keeps what matches, changes what moved, both sources", () => {
    const plan = diffState(
      lockfile([["mod_a", locked(node("a"))], ["mod_b", locked(node("b"))], ["mod_c", locked(node("c"))]], [["mod_r", rock("2-1")], ["mod_s", rock("1-1")]]),
      actual([have("mod_a"), have("mod_b", { revision: node("a").slice(0, 12) })], [haveRock("mod_r", "1-1"), haveRock("mod_s", "1-1")]),
    );
    expect(summary(plan)).toEqual(["community:mod_a:keep", "community:mod_b:change", "community:mod_c:add", "rocks:mod_r:change", "rocks:mod_s:keep"]);
    expect(plan.steps.find((step) => step.name === "mod_b")).toMatchObject({ from: node("a").slice(0, 12), to: node("b") });
  });

  it("a short recorded revision is the same as the full one it prefixes", () => {
    const plan = diffState(lockfile([["mod_a", locked(node("a"))]]), actual([have("mod_a", { revision: node("a").slice(0, 12) })]));
    expect(changes(plan)).toEqual([]);
  });

  it("files that differ from the locked hash are a change that needs --force; unmanaged copies too", () => {
    const plan = diffState(
      lockfile([["mod_a", locked(node("a"), { treeHash: hash("1") })], ["mod_u", locked(node("a"))]]),
      actual([have("mod_a", { status: "modified", currentHash: hash("9") }), have("mod_u", { status: "unmanaged", revision: undefined })]),
    );
    expect(plan.steps.map((step) => [step.name, step.action, step.needsForce])).toEqual([
      ["mod_a", "change", "/mods/mod_a has local changes"],
      ["mod_u", "change", "/mods/mod_u was not installed by prosody-manager"],
    ]);
  });

  it("only looks at the modules in scope, and removes managed ones outside the lockfile only with prune", () => {
    const desired = lockfile([["mod_a", locked(node("b"))]]);
    const disk = actual([have("mod_a"), have("mod_x"), have("mod_hand", { status: "unmanaged" })], [haveRock("mod_r", "1-1"), haveRock("mod_other", "1-1", { managed: false })]);
    expect(summary(diffState(desired, disk, { only: new Set([N("mod_x")]) }))).toEqual(["community:mod_x:remove"]);
    expect(summary(diffState(desired, disk))).toEqual(["community:mod_a:change"]);
    expect(summary(diffState(desired, disk, { prune: true }))).toEqual(["community:mod_a:change", "community:mod_x:remove", "rocks:mod_r:remove"]);
  });

  it("installs rock dependencies before their dependents and removes dependents first", () => {
    const desired = lockfile([], [["mod_fast", rock("1-1", { requires: [N("mod_sasl2")] })], ["mod_sasl2", rock("2-1", { reason: "dependency" })]]);
    expect(summary(diffState(desired, actual([])))).toEqual(["rocks:mod_sasl2:add", "rocks:mod_fast:add"]);
    const installed = actual([], [haveRock("mod_fast", "1-1", { requires: [N("mod_sasl2")] }), haveRock("mod_sasl2", "2-1")]);
    expect(summary(diffState(lockfile([]), installed, { prune: true }))).toEqual(["rocks:mod_fast:remove", "rocks:mod_sasl2:remove"]);
  });
});

describe("desired-state changes", () => {
  const base = lockfile([
    ["mod_fast", locked(node("a"), { requires: [N("mod_sasl2")] })],
    ["mod_sasl2", locked(node("a"), { reason: "dependency" })],
    ["mod_other", locked(node("a"), { requires: [N("mod_shared")] })],
    ["mod_shared", locked(node("a"), { reason: "dependency" })],
  ]);

  it("removing a module removes the dependencies nothing else needs, and only those", () => {
    const { lockfile: after, orphans } = removeWithOrphans(base, "community", [N("mod_fast")], false);
    expect(orphans).toEqual(["mod_sasl2"]);
    expect([...after.community.keys()].sort()).toEqual(["mod_other", "mod_shared"]);
  });

  it("--keep-deps keeps them", () => {
    const { lockfile: after, orphans } = removeWithOrphans(base, "community", [N("mod_fast")], true);
    expect(orphans).toEqual([]);
    expect(after.community.has(N("mod_sasl2"))).toBe(true);
  });

  it("a dependency another requested module still needs is no orphan", () => {
    const shared = upsert(base, "community", new Map([[N("mod_third"), locked(node("a"), { requires: [N("mod_sasl2")] })]]));
    expect(removeWithOrphans(shared, "community", [N("mod_fast")], false).orphans).toEqual([]);
  });

  it("a module asked for by name stays requested when it comes back as a dependency", () => {
    const after = upsert(base, "community", new Map([[N("mod_other"), locked(node("b"), { reason: "dependency" })]]));
    expect(after.community.get(N("mod_other"))).toMatchObject({ reason: "requested", revision: node("b") });
  });

  it("pins and unpins one source without touching the other", () => {
    const both = lockfile([["mod_x", locked(node("a"))]], [["mod_x", rock("1-1")]]);
    const pinned = setPinned(both, "rocks", N("mod_x"), true);
    expect(pinned.rocks.get(N("mod_x"))?.pinned).toBe(true);
    expect(pinned.community.get(N("mod_x"))?.pinned).toBe(false);
  });
});

describe("rocks with local changes", () => {
  const edited = { added: [], removed: [], modified: ["share/lua/5.4/mod_r.lua"] };
  it("another version, a reinstall or a removal of an edited rock needs --force, naming the files", () => {
    const changed = diffState(lockfile([], [["mod_r", rock("2-1")]]), actual([], [haveRock("mod_r", "1-1", { fileChanges: edited })]));
    expect(changed.steps[0]?.needsForce).toBe("rock mod_r 1-1 (share/lua/5.4/mod_r.lua) has local changes");
    const removed = diffState(lockfile([]), actual([], [haveRock("mod_r", "1-1", { status: "modified" })]), { only: new Set([N("mod_r")]) });
    expect(removed.steps[0]).toMatchObject({ action: "remove", needsForce: "rock mod_r 1-1 has local changes" });
    // A rock someone else installed (prosodyctl) whose files were edited is local work too.
    const unmanaged = diffState(lockfile([], [["mod_r", rock("1-1")]]), actual([], [haveRock("mod_r", "1-1", { managed: false, status: "unmanaged", fileChanges: edited })]), { reinstall: new Set([N("mod_r")]) });
    expect(unmanaged.steps[0]?.needsForce).toMatch(/has local changes$/);
  });

  it("an untouched rock is replaced freely", () => {
    const plan = diffState(lockfile([], [["mod_r", rock("2-1")]]), actual([], [haveRock("mod_r", "1-1", { fileChanges: { added: [], removed: [], modified: [] } })]));
    expect(plan.steps[0]?.needsForce).toBeUndefined();
  });
});
