import { describe, expect, it } from "vitest";
import { prosodyctlCommand, splitCommand } from "../../src/prosody/prosodyctl.js";

describe("the prosodyctl prefix", () => {
  it("splits on whitespace into argv, never through a shell", () => {
    expect(splitCommand("  docker exec  prosody\tprosodyctl ")).toEqual(["docker", "exec", "prosody", "prosodyctl"]);
    expect(splitCommand("prosodyctl; rm -rf /")).toEqual(["prosodyctl;", "rm", "-rf", "/"]);
    expect(splitCommand("   ")).toBeUndefined();
    expect(splitCommand(undefined)).toBeUndefined();
  });

  it("an explicit command beats the environment, which beats plain prosodyctl", () => {
    const env = { PROSODY_MANAGER_PROSODYCTL: "runuser -u prosody -- prosodyctl" };
    expect(prosodyctlCommand({ env, command: ["docker", "exec", "p", "prosodyctl"] })).toEqual(["docker", "exec", "p", "prosodyctl"]);
    expect(prosodyctlCommand({ env })).toEqual(["runuser", "-u", "prosody", "--", "prosodyctl"]);
    expect(prosodyctlCommand({ env: {} })).toEqual(["prosodyctl"]);
    expect(prosodyctlCommand({ env: { PROSODY_MANAGER_PROSODYCTL: " " } })).toEqual(["prosodyctl"]);
  });
});
