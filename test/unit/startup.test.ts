import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { routeArguments } from "../../src/cli/startup.js";

const paths = COMMANDS.map((command) => command.path);
const indexOf = (...path: string[]): number => paths.findIndex((candidate) => candidate.join(" ") === path.join(" "));

describe("routeArguments", () => {
  it("names the one command to load, global options and their values skipped", () => {
    expect(routeArguments(["module", "search", "muc"], paths)).toEqual({ kind: "command", index: indexOf("module", "search") });
    expect(routeArguments(["--cache-dir", "module", "--json", "module", "rocks", "list"], paths)).toEqual({ kind: "command", index: indexOf("module", "rocks", "list") });
    expect(routeArguments(["--config=/etc/x.cfg.lua", "doctor"], paths)).toEqual({ kind: "command", index: indexOf("doctor") });
    expect(routeArguments(["prosodyctl", "--version"], paths)).toEqual({ kind: "command", index: indexOf("prosodyctl") });
  });

  it("answers --version before any command word without loading anything", () => {
    expect(routeArguments(["--version"], paths)).toEqual({ kind: "version" });
    expect(routeArguments(["--json", "-V"], paths)).toEqual({ kind: "version" });
  });

  it("loads everything for help, a bare group, an unknown command or nothing at all", () => {
    for (const argv of [[], ["--help"], ["module"], ["module", "rocks"], ["module", "serch", "muc"], ["--", "module", "list"]]) {
      expect(routeArguments(argv, paths), argv.join(" ")).toEqual({ kind: "all" });
    }
  });
});

describe("the command index", () => {
  it("loads, for each path, the command that declares that path", async () => {
    for (const entry of COMMANDS) expect((await entry.load()).path).toEqual(entry.path);
  }, 60_000);
});
