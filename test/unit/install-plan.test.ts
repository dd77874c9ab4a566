import { describe, expect, it } from "vitest";
import { planInstall, type InstallPlanInput } from "../../src/core/install-plan.js";
import type { CommunityModule, ModuleName } from "../../src/core/types.js";
import { communityModule, installed } from "./factories.js";

const deps = (community: string[]): CommunityModule["dependencies"] => ({
  builtin: [],
  community: community as ModuleName[],
  unknown: [],
  soft: [],
  unknowable: [],
  luaRequires: [],
});

const catalogue = new Map(
  [
    communityModule("mod_sasl2", "SASL2", { revision: "s2" }),
    communityModule("mod_sasl2_fast", "FAST", { revision: "f1", dependencies: deps(["mod_sasl2"]) }),
    communityModule("mod_chain", "needs fast", { revision: "c1", dependencies: deps(["mod_sasl2_fast"]) }),
    communityModule("mod_old", "old", { revision: "o1", stage: "Obsolete", supersededBy: "mod_new" as ModuleName }),
    communityModule("mod_merged", "merged", { hasCode: false, stage: "Merged" }),
    communityModule("mod_carbons", "shadow", { revision: "k1" }),
  ].map((module) => [module.name, module]),
);

function input(overrides: Partial<InstallPlanInput>): InstallPlanInput {
  return {
    requests: [],
    catalogue,
    installed: new Map(),
    modified: new Set(),
    withDependencies: true,
    force: false,
    isBuiltin: (name) => name === "mod_carbons",
    prosodyVersion: "0.12.3",
    ...overrides,
  };
}

const request = (name: string, revision?: string) => ({ name: name as ModuleName, revision });

describe("planInstall", () => {
  it("pulls in dependencies transitively, each marked with who needs it", () => {
    const plan = planInstall(input({ requests: [request("mod_chain")] }));
    expect(plan.steps.map((step) => [step.name, step.action, step.reason, step.requiredBy ?? null])).toEqual([
      ["mod_chain", "install", "requested", null],
      ["mod_sasl2_fast", "install", "dependency", "mod_chain"],
      ["mod_sasl2", "install", "dependency", "mod_sasl2_fast"],
    ]);
  });

  it("--no-deps installs only what was asked and warns about the rest", () => {
    const plan = planInstall(input({ requests: [request("mod_sasl2_fast")], withDependencies: false }));
    expect(plan.steps.map((step) => step.name)).toEqual(["mod_sasl2_fast"]);
    expect(plan.warnings.join("\n")).toMatch(/depends on mod_sasl2 \(not installed: --no-deps\)/);
  });

  it("keeps what is installed at the wanted revision, replaces what differs or was edited", () => {
    const current = new Map([
      ["mod_sasl2" as ModuleName, installed("mod_sasl2", "s2", { reason: "dependency" })],
      ["mod_sasl2_fast" as ModuleName, installed("mod_sasl2_fast", "f0")],
    ]);
    const plan = planInstall(input({ requests: [request("mod_sasl2_fast")], installed: current }));
    expect(plan.steps.map((step) => [step.name, step.action, step.fromRevision])).toEqual([
      ["mod_sasl2_fast", "replace", "f0"],
      ["mod_sasl2", "keep", "s2"],
    ]);
    const edited = planInstall(input({ requests: [request("mod_sasl2")], installed: current, modified: new Set(["mod_sasl2" as ModuleName]) }));
    expect(edited.steps[0]).toMatchObject({ action: "replace", reason: "requested" });
  });

  it("a requested revision pins", () => {
    const plan = planInstall(input({ requests: [request("mod_sasl2", "abc123")] }));
    expect(plan.steps[0]).toMatchObject({ revision: "abc123", pinned: true });
  });

  it("warns for obsolete, superseded and shadowing modules", () => {
    const plan = planInstall(input({ requests: [request("mod_old"), request("mod_carbons")] }));
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        "mod_old is marked Stage-Obsolete",
        "mod_old is superseded by mod_new",
        expect.stringMatching(/mod_carbons is also built into Prosody/),
      ]),
    );
  });

  it("warns when the README says the module does not work on the installed Prosody", () => {
    const broken = communityModule("mod_legacy", "old", { compatibility: { rows: [{ version: "0.12", status: "Does not work", works: false }], prose: undefined } });
    const plan = planInstall(input({ requests: [request("mod_legacy")], catalogue: new Map([[broken.name, broken]]) }));
    expect(plan.warnings).toContain(`mod_legacy's README says "Does not work" for Prosody 0.12 (installed: 0.12.3)`);
  });

  it("refuses unknown modules with a suggestion, and README-only modules", () => {
    expect(() => planInstall(input({ requests: [request("mod_sasl3")] }))).toThrow(/unknown module mod_sasl3/);
    expect(() => planInstall(input({ requests: [request("mod_merged")] }))).toThrow(/no code .*merged into Prosody/);
  });
});
