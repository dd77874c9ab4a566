import { describe, expect, it } from "vitest";
import { confirmationNeed } from "../../src/core/model/confirmation.js";
import type { PlanStep } from "../../src/core/model/plan.js";
import type { ModuleName } from "../../src/core/types.js";

function step(action: PlanStep["action"], overrides: Partial<PlanStep> = {}): PlanStep {
  return {
    source: "community",
    name: "mod_x" as ModuleName,
    action,
    from: action === "add" ? undefined : "a".repeat(40),
    to: action === "remove" ? undefined : "b".repeat(40),
    why: action === "change" ? "revision aaaaaaaaaaaa → bbbbbbbbbbbb" : "not installed",
    pinned: false,
    reason: "requested",
    expectHash: undefined,
    needsForce: undefined,
    ...overrides,
  };
}

describe("confirmationNeed (ask first)", () => {
  it("plain additions into empty places and kept modules need no question", () => {
    expect(confirmationNeed({ steps: [step("add"), step("keep"), step("add", { source: "rocks", to: "2-1" })], configFiles: [] })).toEqual({ ask: false, reasons: [] });
  });

  it("nothing to do needs no question", () => {
    expect(confirmationNeed({ steps: [], configFiles: [] })).toEqual({ ask: false, reasons: [] });
  });

  it("an edit of the Prosody config asks, naming each file once", () => {
    const need = confirmationNeed({ steps: [step("add")], configFiles: ["/etc/prosody/prosody.cfg.lua", "/etc/prosody/conf.d/a.cfg.lua", "/etc/prosody/prosody.cfg.lua"] });
    expect(need).toEqual({ ask: true, reasons: ["edits the Prosody config (/etc/prosody/prosody.cfg.lua, /etc/prosody/conf.d/a.cfg.lua)"] });
  });

  it("replacing or deleting installed files asks, per module and source", () => {
    const need = confirmationNeed({
      steps: [step("change"), step("remove", { name: "mod_y" as ModuleName }), step("remove", { source: "rocks", name: "mod_r" as ModuleName, from: "1-1" })],
      configFiles: [],
    });
    expect(need.ask).toBe(true);
    expect(need.reasons).toEqual(["replaces mod_x (revision aaaaaaaaaaaa → bbbbbbbbbbbb)", "deletes mod_y", "deletes rock mod_r"]);
  });

  it("a rock moving to an older version is a downgrade; a newer one a replacement", () => {
    const down = step("change", { source: "rocks", from: "10-1", to: "9-1", why: "version 10-1 → 9-1" });
    const up = step("change", { source: "rocks", from: "9-1", to: "10-1", why: "version 9-1 → 10-1" });
    expect(confirmationNeed({ steps: [down, up], configFiles: [] }).reasons).toEqual(["downgrades rock mod_x 10-1 → 9-1", "replaces rock mod_x (version 9-1 → 10-1)"]);
  });

  it("a forced replacement of local work asks too (without a terminal it is --force that lets it through)", () => {
    const forced = step("change", { why: "replaces a copy prosody-manager did not install", needsForce: "/mods/mod_x was not installed by prosody-manager" });
    expect(confirmationNeed({ steps: [forced], configFiles: [] })).toEqual({ ask: true, reasons: ["replaces mod_x (replaces a copy prosody-manager did not install)"] });
  });
});
