import { describe, expect, it } from "vitest";
import { parseModuleName, splitNameAndRevision, tryModuleName } from "../../src/core/names.js";
import { UserError } from "../../src/core/errors.js";

describe("parseModuleName", () => {
  it.each([
    ["pastebin", "mod_pastebin"],
    ["mod_pastebin", "mod_pastebin"],
    ["MOD_Cloud_Notify", "mod_cloud_notify"],
    [" sasl2 ", "mod_sasl2"],
  ])("%s → %s", (input, expected) => {
    expect(parseModuleName(input)).toBe(expected);
  });

  it.each(["", "../x", "mod_a/b", "-rf", "mod_", "mod_x;rm", "mod_ä", "x".repeat(300), "mod_a\nb"])("rejects %j with exit code 2", (input) => {
    try {
      parseModuleName(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).message).not.toContain("\n");
    }
  });

  it("tryModuleName answers undefined instead of throwing", () => {
    expect(tryModuleName("../etc")).toBeUndefined();
    expect(tryModuleName("bosh")).toBe("mod_bosh");
  });
});

describe("splitNameAndRevision", () => {
  it("splits name@rev", () => {
    expect(splitNameAndRevision("pastebin@1a2b3c")).toEqual({ name: "mod_pastebin", revision: "1a2b3c" });
    expect(splitNameAndRevision("mod_pastebin")).toEqual({ name: "mod_pastebin", revision: undefined });
  });
  it("refuses a revision that could be read as an option", () => {
    expect(() => splitNameAndRevision("mod_x@-r")).toThrow(/invalid revision/);
    expect(() => splitNameAndRevision("mod_x@a b")).toThrow(/invalid revision/);
  });
});

describe("revisions that are not changesets", () => {
  it.each(["ffffffffffff", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "2147483647", "x".repeat(101)])("refuses mod_x@%s", (revision) => {
    expect(() => splitNameAndRevision(`mod_x@${revision}`)).toThrow(/invalid revision/);
  });
});
