import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { READ_COMMANDS } from "../../src/cli/read-commands.js";
import { routeArguments } from "../../src/cli/route.js";

const paths = COMMANDS.map((entry) => entry.path);
const indexOf = (...path: string[]): number => paths.findIndex((candidate) => candidate.join(" ") === path.join(" "));

describe("routing the arguments before anything is loaded", () => {
  it("finds the one command named, past global options and their values", () => {
    expect(routeArguments(["module", "search", "muc"], paths)).toEqual({ kind: "command", index: indexOf("module", "search") });
    expect(routeArguments(["--config", "module", "module", "rocks", "list"], paths)).toEqual({ kind: "command", index: indexOf("module", "rocks", "list") });
    expect(routeArguments(["--json", "--cache-dir=/c", "doctor"], paths)).toEqual({ kind: "command", index: indexOf("doctor") });
  });

  it("answers --version before the command is complete, and leaves it to the command after", () => {
    expect(routeArguments(["--version"], paths)).toEqual({ kind: "version" });
    expect(routeArguments(["module", "-V"], paths)).toEqual({ kind: "version" });
    expect(routeArguments(["prosodyctl", "--version"], paths)).toEqual({ kind: "command", index: indexOf("prosodyctl") });
    expect(routeArguments(["--", "--version"], paths)).toEqual({ kind: "all" });
  });

  it("needs every command for help, a bare group and a misspelt command", () => {
    expect(routeArguments([], paths)).toEqual({ kind: "all" });
    expect(routeArguments(["--help"], paths)).toEqual({ kind: "all" });
    expect(routeArguments(["module"], paths)).toEqual({ kind: "all" });
    expect(routeArguments(["module", "serch", "muc"], paths)).toEqual({ kind: "all" });
    expect(routeArguments(["help", "module"], paths)).toEqual({ kind: "all" });
  });

  it("a read command routes to itself among the read commands alone, as its own bundle routes it", () => {
    const readPaths = READ_COMMANDS.map((entry) => entry.path);
    for (const path of readPaths) {
      for (const argv of [[...path], ["--json", ...path, "x"], ["--config", "module", ...path, "--stage", "beta"], [...path, "--help"]]) {
        const full = routeArguments(argv, paths);
        const read = routeArguments(argv, readPaths);
        expect(full.kind, argv.join(" ")).toBe("command");
        expect(read.kind === "command" && readPaths[read.index], argv.join(" ")).toEqual(full.kind === "command" && paths[full.index]);
      }
    }
    // The same entries in both tables: one loader per command.
    for (const entry of READ_COMMANDS) expect(COMMANDS).toContain(entry);
  });

  it("every command path is unique, so a route names one command", () => {
    expect(new Set(paths.map((path) => path.join(" "))).size).toBe(paths.length);
  });
});
