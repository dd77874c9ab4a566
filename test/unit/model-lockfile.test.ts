import { describe, expect, it } from "vitest";
import { parseLockfile, serializeLockfile } from "../../src/core/model/lockfile.js";
import { resolveCommunityInstall } from "../../src/core/model/resolve-install.js";
import type { CommunityModule, ModuleName } from "../../src/core/types.js";
import { communityModule } from "./factories.js";

const node = (digit: string): string => digit.repeat(40);
const valid = {
  lockfileVersion: 1,
  community: { mod_b: { revision: node("b"), pinned: true, reason: "requested", treeHash: `sha256-${"1".repeat(64)}`, requires: ["mod_a"] }, mod_a: { revision: node("a"), reason: "dependency" } },
  rocks: { mod_r: { version: "2-1", pinned: false, reason: "requested", treeHash: null, requires: [] } },
};

describe("lockfile", () => {
  it("round-trips with modules in name order, so diffs in git stay small", () => {
    const { lockfile, problems } = parseLockfile(valid);
    expect(problems).toEqual([]);
    const text = serializeLockfile(lockfile);
    expect(text.indexOf('"mod_a"')).toBeLessThan(text.indexOf('"mod_b"'));
    expect(parseLockfile(JSON.parse(text)).lockfile).toEqual(lockfile);
    expect(serializeLockfile(parseLockfile(JSON.parse(text)).lockfile)).toBe(text);
  });

  it.each([
    ["a short revision", { community: { mod_a: { revision: "abc123" } } }, /full 40-hex/],
    ["the working directory's id", { community: { mod_a: { revision: "f".repeat(40) } } }, /full 40-hex/],
    ["an option-like rock version", { rocks: { mod_r: { version: "--tree=/etc" } } }, /version must look like/],
    ["a name that is not a module", { community: { "../etc": { revision: node("a") } } }, /is not a module name/],
    ["a bad tree hash", { community: { mod_a: { revision: node("a"), treeHash: "md5-x" } } }, /treeHash/],
    ["a bad requires entry", { rocks: { mod_r: { version: "1-1", requires: ["--x"] } } }, /requires/],
  ])("refuses %s", (_what, body, message) => {
    const { problems } = parseLockfile({ lockfileVersion: 1, ...body });
    expect(problems.join("\n")).toMatch(message);
  });

  it("refuses another format version", () => {
    expect(parseLockfile({ lockfileVersion: 2 }).problems).toEqual(["not a prosody-manager lockfile (lockfileVersion 1)"]);
  });
});

describe("resolveCommunityInstall", () => {
  const deps = (community: string[]): CommunityModule["dependencies"] => ({ builtin: [], community: community as ModuleName[], unknown: [], soft: [], unknowable: [], luaRequires: [] });
  const catalogue = new Map(
    [
      communityModule("mod_sasl2", "SASL2", { revision: "s2" }),
      communityModule("mod_sasl2_fast", "FAST", { revision: "f1", dependencies: deps(["mod_sasl2"]) }),
      communityModule("mod_chain", "needs fast", { revision: "c1", dependencies: deps(["mod_sasl2_fast"]) }),
      communityModule("mod_merged", "merged", { hasCode: false, stage: "Merged" }),
      communityModule("mod_old", "old", { revision: "o1", stage: "Obsolete", supersededBy: "mod_new" as ModuleName }),
    ].map((module) => [module.name, module] as const),
  );
  const input = { catalogue, newestNode: (name: ModuleName) => `${name}-node`, desired: { community: new Map(), rocks: new Map() }, withDependencies: true, isBuiltin: () => false, prosodyVersion: "0.12.3" };
  const request = (name: string, revision?: string) => ({ name: name as ModuleName, revision });

  it("pulls in dependencies transitively, each marked with who needs it", () => {
    const resolved = resolveCommunityInstall({ ...input, requests: [request("mod_chain")] });
    expect([...resolved.entries].map(([name, entry]) => [name, entry.reason, entry.revision, entry.requires])).toEqual([
      ["mod_chain", "requested", "mod_chain-node", ["mod_sasl2_fast"]],
      ["mod_sasl2_fast", "dependency", "mod_sasl2_fast-node", ["mod_sasl2"]],
      ["mod_sasl2", "dependency", "mod_sasl2-node", []],
    ]);
    expect(resolved.requiredBy.get("mod_sasl2" as ModuleName)).toBe("mod_sasl2_fast");
  });

  it("a revision pins; a dependency already locked stays where it is", () => {
    const desired = { community: new Map([["mod_sasl2" as ModuleName, { revision: "old", pinned: false, reason: "dependency" as const, treeHash: undefined, requires: [] }]]), rocks: new Map() };
    const resolved = resolveCommunityInstall({ ...input, desired, requests: [request("mod_sasl2_fast", "f".repeat(39) + "0")] });
    expect(resolved.entries.get("mod_sasl2_fast" as ModuleName)).toMatchObject({ pinned: true, revision: "f".repeat(39) + "0" });
    expect(resolved.entries.get("mod_sasl2" as ModuleName)?.revision).toBe("old");
  });

  it("--no-deps installs only what was asked and warns about the rest", () => {
    const resolved = resolveCommunityInstall({ ...input, withDependencies: false, requests: [request("mod_sasl2_fast")] });
    expect([...resolved.entries.keys()]).toEqual(["mod_sasl2_fast"]);
    expect(resolved.warnings.join("\n")).toMatch(/depends on mod_sasl2 \(not installed: --no-deps\)/);
  });

  it("refuses unknown and merged modules with a way out, and warns about stages", () => {
    expect(() => resolveCommunityInstall({ ...input, requests: [request("mod_sasl")] })).toThrow(/unknown module mod_sasl/);
    expect(() => resolveCommunityInstall({ ...input, requests: [request("mod_merged")] })).toThrow(/merged into Prosody/);
    expect(resolveCommunityInstall({ ...input, requests: [request("mod_old")] }).warnings.join("\n")).toMatch(/Stage-Obsolete[\s\S]*superseded by mod_new/);
  });
});
