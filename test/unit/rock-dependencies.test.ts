import { describe, expect, it } from "vitest";
import { planRockDependencies, refusals, type RockDependencyInput } from "../../src/core/model/rock-dependencies.js";
import { parseModuleName } from "../../src/core/names.js";
import { parseRockDependency, satisfies } from "../../src/core/rock-constraints.js";
import type { ModuleName } from "../../src/core/types.js";

const m = parseModuleName;

describe("rockspec dependency constraints, as LuaRocks reads them", () => {
  it("parses a name with no, one or several constraints; a bare version means ==", () => {
    expect(parseRockDependency("mod_sasl2")).toEqual({ name: "mod_sasl2", constraints: [], text: "" });
    expect(parseRockDependency("lua >= 5.1, < 5.5")).toEqual({ name: "lua", constraints: [{ op: ">=", version: "5.1" }, { op: "<", version: "5.5" }], text: ">= 5.1, < 5.5" });
    expect(parseRockDependency("luasocket 3.0")?.constraints).toEqual([{ op: "==", version: "3.0" }]);
    expect(parseRockDependency("mod_x >= not a version")).toBeUndefined();
    expect(parseRockDependency("")).toBeUndefined();
  });

  it("compares the revision only when both sides have one", () => {
    expect(satisfies("2-1", [{ op: ">=", version: "2" }])).toBe(true);
    expect(satisfies("2-1", [{ op: "==", version: "2" }])).toBe(true);
    expect(satisfies("2-1", [{ op: "==", version: "2-2" }])).toBe(false);
    expect(satisfies("1-1", [{ op: ">=", version: "2" }])).toBe(false);
    expect(satisfies("10-1", [{ op: ">", version: "9" }])).toBe(true);
    expect(satisfies("5.4", [{ op: ">=", version: "5.1" }, { op: "<", version: "5.5" }])).toBe(true);
    expect(satisfies("5.4", [{ op: "<", version: "5.4" }])).toBe(false);
    expect(satisfies("3-1", [{ op: "~=", version: "3" }])).toBe(false);
  });

  it("~> allows growth only below the last given part", () => {
    expect(satisfies("2.1.5-1", [{ op: "~>", version: "2.1" }])).toBe(true);
    expect(satisfies("2.2-1", [{ op: "~>", version: "2.1" }])).toBe(false);
    expect(satisfies("2.9-1", [{ op: "~>", version: "2" }])).toBe(true);
    expect(satisfies("3-1", [{ op: "~>", version: "2" }])).toBe(false);
  });
});

describe("the rocks LuaRocks would install with a requested one", () => {
  const rockspecs: Record<string, string[]> = {
    "mod_sasl2_fast@1-1": ["mod_sasl2"],
    "mod_sasl2@1-1": [],
    "mod_sasl2@2-1": [],
    "mod_chain@1-1": ["mod_middle >= 1", "lua >= 5.1"],
    "mod_middle@1-1": ["mod_sasl2 >= 2", "luasocket"],
    "mod_bob@1-1": ["mod_cache_c2s_caps"],
    "mod_picky@1-1": ["mod_sasl2 >= 5"],
    "mod_old_lua@1-1": ["lua < 5.4"],
  };
  const input = (requests: [string, string][], installed: [string, string][] = []): RockDependencyInput => ({
    requests: requests.map(([name, version]) => ({ name: m(name), version })),
    offered: new Map<ModuleName, string[]>([
      [m("mod_sasl2"), ["2-1", "1-1"]],
      [m("mod_sasl2_fast"), ["1-1"]],
      [m("mod_middle"), ["1-1"]],
      [m("mod_chain"), ["1-1"]],
    ]),
    installed: new Map(installed.map(([name, version]) => [m(name), version] as const)),
    luaVersion: "5.4",
    server: "https://rocks.example/",
    dependenciesOf: async (name, version) => rockspecs[`${name}@${version}`],
  });

  it("installs the newest version the server offers, then what that one needs, depth first in the plan", async () => {
    const plan = await planRockDependencies(input([["mod_chain", "1-1"]]));
    expect(plan.decisions.map((decision) => [decision.neededBy, decision.name, decision.outcome])).toEqual([
      ["mod_chain", "mod_middle", { kind: "install", version: "1-1" }],
      ["mod_chain", "lua", { kind: "lua" }],
      ["mod_middle", "mod_sasl2", { kind: "install", version: "2-1" }],
      ["mod_middle", "luasocket", { kind: "library" }],
    ]);
    expect(refusals(plan)).toEqual([]);
  });

  it("keeps a version already in the tree that meets the constraints, and replaces none that does not", async () => {
    expect((await planRockDependencies(input([["mod_sasl2_fast", "1-1"]], [["mod_sasl2", "1-1"]]))).decisions[0]?.outcome).toEqual({ kind: "installed", version: "1-1" });
    expect((await planRockDependencies(input([["mod_middle", "1-1"]], [["mod_sasl2", "1-1"]]))).decisions[0]?.outcome).toEqual({ kind: "install", version: "2-1" });
  });

  it("a dependency asked for in the same run is that step, if its version fits", async () => {
    const plan = await planRockDependencies(input([["mod_sasl2_fast", "1-1"], ["mod_sasl2", "1-1"]]));
    expect(plan.decisions[0]?.outcome).toEqual({ kind: "planned", version: "1-1" });
    const clash = await planRockDependencies(input([["mod_middle", "1-1"], ["mod_sasl2", "1-1"]]));
    expect(refusals(clash)).toEqual(["mod_middle 1-1: it needs mod_sasl2 >= 2, and this run installs mod_sasl2 1-1"]);
  });

  it("refuses what LuaRocks would stop at: a rock the server lacks, an unmet constraint, another Lua", async () => {
    expect(refusals(await planRockDependencies(input([["mod_bob", "1-1"]])))).toEqual(["mod_bob 1-1: it needs mod_cache_c2s_caps, which https://rocks.example/ does not offer"]);
    expect(refusals(await planRockDependencies(input([["mod_picky", "1-1"]])))).toEqual(["mod_picky 1-1: it needs mod_sasl2 >= 5, and https://rocks.example/ offers only 2-1, 1-1"]);
    expect(refusals(await planRockDependencies(input([["mod_old_lua", "1-1"]])))).toEqual(["mod_old_lua 1-1: it needs Lua < 5.4; Prosody runs Lua 5.4"]);
  });

  it("a rockspec it cannot read leaves that rock's dependencies to LuaRocks, and says so", async () => {
    const plan = await planRockDependencies(input([["mod_unknown", "1-1"]]));
    expect(plan).toEqual({ decisions: [], unread: [{ name: "mod_unknown", version: "1-1" }] });
  });
});
