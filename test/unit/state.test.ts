import { describe, expect, it } from "vitest";
import { parseState, updateState } from "../../src/core/state.js";
import { installed } from "./factories.js";

describe("state file", () => {
  it("round-trips and keeps entries sorted", () => {
    const state = updateState({ schema: 1, modules: [] }, [installed("mod_b", "2"), installed("mod_a", "1")], []);
    expect(state.modules.map((module) => module.name)).toEqual(["mod_a", "mod_b"]);
    expect(parseState(JSON.parse(JSON.stringify(state)))).toEqual({ state, problems: [] });
  });

  it("drops entries that are not what it wrote, and says so", () => {
    const { state, problems } = parseState({ schema: 1, modules: [installed("mod_a", "1"), { name: "../etc", revision: "x" }, 7] });
    expect(state.modules.map((module) => module.name)).toEqual(["mod_a"]);
    expect(problems).toHaveLength(2);
  });

  it("rejects another document", () => {
    expect(parseState({ hello: 1 }).problems[0]).toMatch(/not a prosody-manager state/);
  });

  it("removes by name", () => {
    const state = updateState({ schema: 1, modules: [installed("mod_a", "1"), installed("mod_b", "1")] }, [], ["mod_a"]);
    expect(state.modules.map((module) => module.name)).toEqual(["mod_b"]);
  });
});
