import { describe, expect, it } from "vitest";
import { bashCompletionScript } from "../../src/core/completion-bash.js";
import { completionModel, optionValue } from "../../src/core/completion-model.js";
import type { CommandShape } from "../../src/core/command-shape.js";
import { parseFlags } from "../../src/core/command-shape.js";

const command = (path: string, extra: Partial<CommandShape> = {}): CommandShape => ({
  path: path.split(" "),
  summary: `${path} summary`,
  args: [],
  options: [],
  examples: [],
  ...extra,
});

const commands: CommandShape[] = [
  command("module install", {
    args: [{ name: "module", description: "", required: true, variadic: true }],
    options: [{ flags: "--rev <rev>", description: "" }, { flags: "-f, --force", description: "" }, { flags: "--host <host>", description: "" }],
  }),
  command("module remove", { args: [{ name: "module", description: "", required: true, variadic: true }] }),
  command("module rocks remove", { args: [{ name: "module", description: "", required: true, variadic: true }] }),
  command("doctor"),
  command("__complete", { hidden: true }),
];

describe("completionModel", () => {
  const model = completionModel(commands, [{ flags: "--config <path>", description: "", env: "PROSODY_CONFIG" }, { flags: "--json", description: "" }]);
  const node = (path: string) => model.nodes.find((item) => item.path === path);

  it("has every group and command with its children in definition order, and no hidden command", () => {
    expect(node("")?.children.map((child) => child.name)).toEqual(["module", "doctor"]);
    expect(node("module")?.children.map((child) => child.name)).toEqual(["install", "remove", "rocks"]);
    expect(node("module rocks")?.children.map((child) => child.name)).toEqual(["remove"]);
    expect(model.nodes.some((item) => item.path.includes("__complete"))).toBe(false);
  });

  it("module arguments complete from the catalogue, or from what is installed for remove", () => {
    expect(node("module install")?.args).toEqual([{ kind: "dynamic", source: "modules" }]);
    expect(node("module install")?.variadic).toBe(true);
    expect(node("module remove")?.args).toEqual([{ kind: "dynamic", source: "installed-community" }]);
    expect(node("module rocks remove")?.args).toEqual([{ kind: "dynamic", source: "installed-rocks" }]);
  });

  it("option values: hosts, files, fixed choices, free text, switches", () => {
    expect(optionValue({ flags: "--host <host>", description: "" })).toEqual({ kind: "dynamic", source: "hosts" });
    expect(optionValue({ flags: "--config <path>", description: "" })).toEqual({ kind: "file" });
    expect(optionValue({ flags: "--cache-dir <dir>", description: "" })).toEqual({ kind: "dir" });
    expect(optionValue({ flags: "--source <source>", description: "" })).toEqual({ kind: "choices", values: ["community", "rocks"] });
    expect(optionValue({ flags: "--rev <rev>", description: "" })).toEqual({ kind: "none" });
    expect(optionValue({ flags: "--no-deps", description: "" })).toBeUndefined();
    expect(parseFlags("-f, --force")).toEqual({ names: ["-f", "--force"], long: "--force", placeholder: undefined });
  });

  it("the bash script names every option and quotes safely", () => {
    const script = bashCompletionScript(completionModel([command("x", { summary: "it's", options: [{ flags: "--it-s <v>", description: "don't" }] })], []));
    expect(script).toMatch(/'x'\) echo '--it-s' ;;/);
    expect(script).toMatch(/^complete -F _prosody_manager prosody-manager$/m);
  });
});
