// Edits land where Prosody looks: the last assignment it runs, in whichever file, with `Host "*"` as the global
// section; lists of every style take an entry and give one back without breaking; what cannot be edited is refused
// with the file and line.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planDisable, planEnable } from "../../src/app/enablement.js";
import { planSetupValues } from "../../src/app/setup.js";
import type { ModuleName } from "../../src/core/types.js";
import { ensureInList, removeFromList } from "../../src/prosody/config/edit.js";
import { loadProsodyConfig } from "../../src/prosody/config/load.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";
import { CONFIGS } from "../fixtures/configs/fixtures.js";

const GLOBAL = { kind: "global" } as const;

async function tree(files: Record<string, string>): Promise<{ dir: string; main: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-effective-"));
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return { dir, main: path.join(dir, "prosody.cfg.lua"), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

const HOST_STAR = `-- Prosody 0.5's layout: the global section is Host "*"
modules_enabled = { "ping" } -- overridden below

Host "*"
\tmodules_enabled = {
\t\t"roster";
\t\t"saslauth";
\t\t"disco";
\t}
\tadmins = { }

Host "example.org"
\tauthentication = "internal_hashed"
`;

describe('Host "*" is the global section', () => {
  it("enable appends to the Host \"*\" list, not to the one it overrides, and disable removes from it", async () => {
    const { main, cleanup } = await tree({ "prosody.cfg.lua": HOST_STAR });
    try {
      const config = await loadProsodyConfig(main);
      const enable = planEnable(config, "mod_pastebin" as ModuleName, GLOBAL);
      expect(enable.edits[0]?.after).toContain('\t\t"disco";\n\t\t"pastebin";\n\t}');
      expect(enable.edits[0]?.after).toContain('modules_enabled = { "ping" } -- overridden below');
      const disable = planDisable(config, "mod_roster" as ModuleName, GLOBAL);
      expect(disable.descriptions).toEqual(['remove "roster" from modules_enabled globally']);
      expect(disable.edits[0]?.after).not.toContain('"roster"');
    } finally {
      await cleanup();
    }
  });

  it("a host that inherits a module from Host \"*\" gets it in its own modules_disabled", async () => {
    const { main, cleanup } = await tree({ "prosody.cfg.lua": HOST_STAR });
    try {
      const plan = planDisable(await loadProsodyConfig(main), "mod_disco" as ModuleName, { kind: "VirtualHost", name: "example.org" });
      expect(plan.edits[0]?.after).toContain('Host "example.org"\n\tmodules_disabled = { "disco" }\n\tauthentication');
      expect(plan.descriptions).toEqual(['add modules_disabled = { "disco" } in VirtualHost "example.org"']);
    } finally {
      await cleanup();
    }
  });
});

describe("included files", () => {
  it("conf.d: the global modules_enabled and plugin_paths an included file sets are the ones edited", async () => {
    const main = path.join(CONFIGS, "corpus", "rpi-prosody", "prosody.cfg.lua");
    const config = await loadProsodyConfig(main);
    const enable = planEnable(config, "mod_pastebin" as ModuleName, GLOBAL);
    expect(enable.edits.map((edit) => path.basename(edit.file))).toEqual(["01-modules.cfg.lua"]);
    expect(enable.edits[0]?.after).toContain('    "posix"; -- POSIX functionality, sends server to background, enables syslog, etc.\n    "pastebin";\n');
    const setup = planSetupValues(config, { pluginServer: undefined, installerPluginPath: undefined, communityDir: "/srv/community" });
    expect(setup.edits.map((edit) => path.basename(edit.file))).toEqual(["01-modules.cfg.lua"]);
    expect(setup.edits[0]?.after).toContain('plugin_paths = { "/usr/local/lib/prosody/custom-modules/", "/srv/community" };');
    expect(setup.descriptions[0]).toMatch(/\(in \S+01-modules\.cfg\.lua\)$/);
  });

  it("Jitsi: setup adds to the plugin_paths of the included file that replaces the main file's", async () => {
    const config = await loadProsodyConfig(path.join(CONFIGS, "corpus", "jitsi-debian", "prosody.cfg.lua"));
    const setup = planSetupValues(config, { pluginServer: "https://rocks.example/", installerPluginPath: undefined, communityDir: "/srv/community" });
    const byFile = new Map(setup.edits.map((edit) => [path.basename(edit.file), edit]));
    expect([...byFile.keys()].sort()).toEqual(["jitmeet.example.com.cfg.lua", "prosody.cfg.lua"]);
    expect(byFile.get("jitmeet.example.com.cfg.lua")?.after).toContain('plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/", "/srv/community" }');
    expect(byFile.get("prosody.cfg.lua")?.after).toContain('plugin_paths = { "/usr/local/lib/prosody/modules" }');
    expect(byFile.get("prosody.cfg.lua")?.after).toContain('plugin_server = "https://rocks.example/"');
  });

  it("an included file starts in the global section even when the Include stands under a VirtualHost", async () => {
    const { main, cleanup } = await tree({
      "prosody.cfg.lua": 'modules_enabled = { "roster" }\nVirtualHost "a.example"\nInclude "conf.d/*.cfg.lua"\n',
      "conf.d/mods.cfg.lua": 'modules_enabled = { "roster", "disco" }\n',
    });
    try {
      const plan = planEnable(await loadProsodyConfig(main), "mod_pastebin" as ModuleName, GLOBAL);
      expect(plan.edits.map((edit) => path.basename(edit.file))).toEqual(["mods.cfg.lua"]);
      expect(plan.edits[0]?.after).toBe('modules_enabled = { "roster", "disco", "pastebin" }\n');
    } finally {
      await cleanup();
    }
  });

  it("refuses an effective value it cannot edit, naming the file, the line and why", async () => {
    const { main, cleanup } = await tree({
      "prosody.cfg.lua": 'modules_enabled = { "roster" }\nInclude "extra.cfg.lua"\n',
      "extra.cfg.lua": '-- built at run time\n\nmodules_enabled = split(os.getenv("MODULES"))\nplugin_paths = { base .. "/modules" }\nplugin_server = ENV_SERVER\n',
    });
    try {
      const config = await loadProsodyConfig(main);
      expect(() => planEnable(config, "mod_pastebin" as ModuleName, GLOBAL)).toThrow(/modules_enabled globally is set at \S+extra\.cfg\.lua:3 .*it is the result of a function call/);
      expect(() => planSetupValues(config, { pluginServer: "https://x/", installerPluginPath: undefined, communityDir: undefined })).toThrow(/plugin_server globally is set at \S+extra\.cfg\.lua:5 .*it is a variable/);
      // A list with a computed entry still takes a plain one.
      const setup = planSetupValues(config, { pluginServer: undefined, installerPluginPath: undefined, communityDir: "/srv/c" });
      expect(setup.edits[0]?.after).toContain('plugin_paths = { base .. "/modules", "/srv/c" }');
    } finally {
      await cleanup();
    }
  });

  it("removing the last entry of a host list the tool added takes the whole line away", async () => {
    const text = 'modules_enabled = { "roster" }\nVirtualHost "a.example"\n\tauthentication = "internal_hashed"\n';
    const { main, cleanup } = await tree({ "prosody.cfg.lua": text });
    try {
      const enabled = planEnable(await loadProsodyConfig(main), "mod_pastebin" as ModuleName, { kind: "VirtualHost", name: "a.example" });
      await fs.writeFile(main, enabled.edits[0]?.after ?? "");
      const disabled = planDisable(await loadProsodyConfig(main), "mod_pastebin" as ModuleName, { kind: "VirtualHost", name: "a.example" });
      expect(disabled.edits[0]?.after).toBe(text);
    } finally {
      await cleanup();
    }
  });
});

describe("every list style takes an entry and gives it back", () => {
  const styles: [string, string, string][] = [
    ["multi-line `;`, last entry without separator", 'm = {\n  "a";\n  "b"\n}\n', 'm = {\n  "a";\n  "b";\n  "x"\n}\n'],
    ["multi-line `,`, trailing separator", 'm = {\n\t"a",\n\t"b",\n}\n', 'm = {\n\t"a",\n\t"b",\n\t"x",\n}\n'],
    ["multi-line `,`, no trailing separator, comment after the last", 'm = {\n\t"a", -- one\n\t"b" -- two\n}\n', 'm = {\n\t"a", -- one\n\t"b", -- two\n\t"x"\n}\n'],
    ["one line `,`", 'm = { "a", "b" }\n', 'm = { "a", "b", "x" }\n'],
    ["one line `;` with a trailing one", 'm = { "a"; "b"; }\n', 'm = { "a"; "b"; "x"; }\n'],
    ["one line, no spaces", 'm = {"a","b"}\n', 'm = {"a","b","x"}\n'],
    ["empty", "m = {}\n", 'm = { "x" }\n'],
    ["empty with spaces", "m = { }\n", 'm = { "x" }\n'],
    // Separators inside comments do not count: with no other list to copy, Lua's usual `,`.
    ["only comments, several lines", 'm = {\n\t-- "a";\n}\n', 'm = {\n\t-- "a";\n\t"x",\n}\n'],
    ["comment between entries", 'm = {\n\t"a";\n\t-- "z";\n\t"b";\n}\n', 'm = {\n\t"a";\n\t-- "z";\n\t"b";\n\t"x";\n}\n'],
    ["closing brace after the last entry", 'm = {\n\t"a",\n\t"b" }\n', 'm = {\n\t"a",\n\t"b", "x" }\n'],
    ["CRLF line ends", 'm = {\r\n\t"a";\r\n\t"b"\r\n}\r\n', 'm = {\r\n\t"a";\r\n\t"b";\r\n\t"x"\r\n}\r\n'],
    ["long strings and a block comment", 'm = {\n\t[[a]];\n\t--[[ "old";\n\t"older"; ]]\n\t[==[b]==];\n}\n', 'm = {\n\t[[a]];\n\t--[[ "old";\n\t"older"; ]]\n\t[==[b]==];\n\t"x";\n}\n'],
    ["a computed entry last", 'm = {\n\t"a";\n\tENV_B;\n}\n', 'm = {\n\t"a";\n\tENV_B;\n\t"x";\n}\n'],
  ];
  for (const [name, before, after] of styles) {
    it(name, () => {
      const added = ensureInList(parseConfigText(before, "/x.cfg.lua"), "m", "x", GLOBAL);
      expect(added.after).toBe(after);
      const removed = removeFromList(parseConfigText(added.after, "/x.cfg.lua"), "m", "x", GLOBAL);
      // Giving the entry back leaves a list Lua reads as before (a separator added to the old last entry may stay).
      const lua = (text: string): string => text.replace(/[,;](\s*(--[^\n]*)?\s*)\}/, "$1}").replace(/\{ \}/, "{}");
      expect(lua(removed.after)).toBe(lua(before));
    });
  }
});

describe("options set inside blocks", () => {
  it("refuses to edit an option an if-block may set, since which value Prosody keeps depends on run time", async () => {
    const { main, cleanup } = await tree({
      "prosody.cfg.lua": 'modules_enabled = { "roster" }\nif ENV_WITH_MAM then\n\tmodules_enabled = { "roster", "mam" }\nend\nVirtualHost "a.example"\n',
    });
    try {
      const config = await loadProsodyConfig(main);
      expect(() => planEnable(config, "mod_pastebin" as ModuleName, GLOBAL)).toThrow(/modules_enabled globally is set at \S+prosody\.cfg\.lua:3 .*inside a block/);
      // Other options stay editable.
      expect(planSetupValues(config, { pluginServer: "https://x/", installerPluginPath: undefined, communityDir: undefined }).edits).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });
});

describe("entries written as long strings", () => {
  it("are found by their value and removed with their line", () => {
    const text = 'modules_enabled = {\n\t[[roster]];\n\t[==[disco]==]; -- long\n\t"ping";\n}\n';
    const removed = removeFromList(parseConfigText(text, "/x.cfg.lua"), "modules_enabled", "disco", GLOBAL);
    expect(removed.after).toBe('modules_enabled = {\n\t[[roster]];\n\t"ping";\n}\n');
    expect(ensureInList(parseConfigText(text, "/x.cfg.lua"), "modules_enabled", "roster", GLOBAL).changed).toBe(false);
  });
});

describe("a host written as a table gets a new option as its last field", () => {
  const cases: [string, string][] = [
    ['VirtualHost "a.example" { enabled = true }\n', 'VirtualHost "a.example" { enabled = true, modules_enabled = { "x" } }\n'],
    ['VirtualHost "a.example" { enabled = true; }\n', 'VirtualHost "a.example" { enabled = true; modules_enabled = { "x" }; }\n'],
    ['VirtualHost "a.example" {}\n', 'VirtualHost "a.example" { modules_enabled = { "x" } }\n'],
    ['VirtualHost "a.example" {\n    enabled = true\n}\n', 'VirtualHost "a.example" {\n    enabled = true,\n    modules_enabled = { "x" }\n}\n'],
  ];
  for (const [before, after] of cases) {
    it(JSON.stringify(before), () => {
      const edit = ensureInList(parseConfigText(before, "/x.cfg.lua"), "modules_enabled", "x", { kind: "VirtualHost", name: "a.example" });
      expect(edit.after).toBe(after);
    });
  }
});
