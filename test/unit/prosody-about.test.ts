import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ModuleName } from "../../src/core/types.js";
import { listBuiltinModules, parseAbout, readAbout } from "../../src/prosody/about.js";
import { DEBIAN_COMPILED_PATHS, launcherLuaVersion, parseLauncher, readCompiledPaths } from "../../src/prosody/compiled-paths.js";
import { CONFIGS } from "../fixtures/configs/fixtures.js";
import { haveTools, havePath } from "../helpers/requirements.js";

const prosodyctl = haveTools("prosodyctl");

// `prosodyctl about` of Prosody 0.12.3 on Debian 12, with a relative plugin_paths entry and a Mercurial checkout.
const ABOUT = `Prosody 0.12.3

# Prosody directories
Data directory:     /srv/xmpp/data
Config directory:   /etc/prosody
Source directory:   /usr/lib/prosody
Plugin directories:
  /var/lib/prosody/custom_plugins - not a directory!
  ./rel/mods - not a directory!
  /srv/prosody-modules/ - prosody-modules rev: 1a2b3c4d5e6f
  /usr/lib/prosody/modules/
  

# Operating system
Linux 6.1.0	

# Lua environment
Lua version:             \tLua 5.4

Lua module search paths:
  /usr/lib/prosody/?.lua
`;

describe("prosodyctl about", () => {
  it("parses version, directories and Lua version", () => {
    expect(parseAbout(ABOUT)).toEqual({
      version: "0.12.3",
      dataDirectory: "/srv/xmpp/data",
      configDirectory: "/etc/prosody",
      sourceDirectory: "/usr/lib/prosody",
      pluginDirectories: ["/var/lib/prosody/custom_plugins", "./rel/mods", "/srv/prosody-modules", "/usr/lib/prosody/modules"],
      luaVersion: "5.4",
    });
  });

  it("reads nothing from text that is not about output", () => {
    expect(parseAbout("prosodyctl: command not found")).toEqual({
      version: undefined,
      dataDirectory: undefined,
      configDirectory: undefined,
      sourceDirectory: undefined,
      pluginDirectories: [],
      luaVersion: undefined,
    });
  });

  it.runIf(prosodyctl)("reads the installed Prosody, once per process and config", async () => {
    const config = path.join(CONFIGS, "debian/prosody.cfg.lua");
    const about = await readAbout(process.env, config);
    expect(about?.version).toMatch(/^0\.12\./);
    expect(about?.luaVersion).toBe("5.4");
    expect(about?.pluginDirectories.slice(-2)).toEqual(["/usr/local/lib/prosody/modules", "/usr/lib/prosody/modules"]);
    expect(readAbout(process.env, config)).toBe(readAbout(process.env, config));
    expect(await readAbout(process.env, "/nonexistent/prosody.cfg.lua")).toBeUndefined();
  });
});

describe("compiled-in directories", () => {
  it("are read from the launcher's CFG_ lines without running it", () => {
    const script = "#!/usr/bin/env lua5.4\n-- header\nCFG_SOURCEDIR='/opt/prosody/lib';\nCFG_CONFIGDIR='/opt/prosody/etc';\nCFG_PLUGINDIR='/opt/prosody/lib/modules/';\nCFG_DATADIR='~/prosody-data';\nlocal x = 1\n";
    expect(parseLauncher(script, "/home/x")).toEqual({ sourceDir: "/opt/prosody/lib", configDir: "/opt/prosody/etc", pluginDir: "/opt/prosody/lib/modules", dataDir: "/home/x/prosody-data" });
    expect(parseLauncher("this is not lua (")).toEqual(DEBIAN_COMPILED_PATHS);
  });

  it("take indented and CRLF lines, and skip computed values and names used later in the script", () => {
    const script = [
      "#!/usr/bin/env lua5.4",
      "  CFG_SOURCEDIR = \"/srv/prosody/src\";",
      "CFG_CONFIGDIR=os.getenv(\"PROSODY_CFGDIR\");",
      "print(CFG_PLUGINDIR)",
      "\tCFG_DATADIR='/srv/prosody/data'",
      "",
    ].join("\r\n");
    expect(parseLauncher(script)).toEqual({ ...DEBIAN_COMPILED_PATHS, sourceDir: "/srv/prosody/src", dataDir: "/srv/prosody/data" });
  });

  it.runIf(prosodyctl)("of the installed prosodyctl are Debian's", async () => {
    expect(await readCompiledPaths()).toEqual(DEBIAN_COMPILED_PATHS);
  });
});

describe("built-in modules", () => {
  it.runIf(havePath("/usr/lib/prosody/modules", "the prosody package"))("are files mod_x.lua, directories mod_x/ and x/mod_x.lua, not library directories", async () => {
    const modules = await listBuiltinModules("/usr/lib/prosody/modules");
    for (const name of ["mod_roster", "mod_c2s", "mod_mam", "mod_pubsub", "mod_muc", "mod_adhoc", "mod_admin_shell"]) expect(modules.has(name as ModuleName)).toBe(true);
    expect([...modules.keys()].every((name) => /^mod_[a-z0-9_]+$/.test(name))).toBe(true);
    expect(modules.get("mod_muc" as ModuleName)).toBe("/usr/lib/prosody/modules/muc/mod_muc.lua");
    expect(modules.has("mod_muc_mam" as ModuleName)).toBe(true);
    expect(modules.size).toBeGreaterThan(80);
  });

  it("is empty for a directory that is not there", async () => {
    expect((await listBuiltinModules("/nonexistent")).size).toBe(0);
  });
});

describe("launcherLuaVersion", () => {
  it("reads the Lua version from the launcher's first line", () => {
    expect(launcherLuaVersion("#!/usr/bin/env lua5.4\n-- Prosody IM\n")).toBe("5.4");
    expect(launcherLuaVersion("#!/usr/bin/lua5.1\n")).toBe("5.1");
    expect(launcherLuaVersion("#!/bin/sh\n")).toBeUndefined();
  });
});

describe.runIf(prosodyctl)("the installed Prosody's version, from its files", () => {
  it("says what prosodyctl about says, and asks prosodyctl when it runs elsewhere (--prosodyctl)", async () => {
    const { loadInstallationFacts } = await import("../../src/app/installation-facts.js");
    const about = await readAbout(process.env);
    expect(about?.version).toMatch(/^\d+\.\d+/);
    const fromFiles = await loadInstallationFacts(process.env);
    expect(fromFiles).toEqual({ prosodyVersion: about?.version, luaVersion: about?.luaVersion });
    // A prefix that cannot answer: the facts come from it (and so are unknown), never from this machine's files.
    const elsewhere = await loadInstallationFacts({ ...process.env, PROSODY_MANAGER_PROSODYCTL: "false" });
    expect(elsewhere.prosodyVersion).toBeUndefined();
  });
});
