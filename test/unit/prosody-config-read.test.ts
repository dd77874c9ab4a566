import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import type { CompiledPaths } from "../../src/prosody/compiled-paths.js";
import { modulesForHost } from "../../src/prosody/config/host-modules.js";
import { configInputs, globPattern } from "../../src/prosody/config/include.js";
import { loadProsodyConfig } from "../../src/prosody/config/load.js";
import { locateConfigFile, resolveConfigPath } from "../../src/prosody/config/locate.js";
import { decodeLuaString, luaString } from "../../src/core/lua-string.js";
import { effectiveOption, findOption, listValues, stringValue } from "../../src/prosody/config/model.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";
import { resolveModulePaths } from "../../src/prosody/config/paths.js";
import { CONFIGS, fixture } from "../fixtures/configs/fixtures.js";

const DEBIAN_PATHS: CompiledPaths = { sourceDir: "/usr/lib/prosody", configDir: "/etc/prosody", pluginDir: "/usr/lib/prosody/modules", dataDir: "/var/lib/prosody" };

describe("finding the config like prosodyctl", () => {
  it("takes the given path, else the config directory's prosody.cfg.lua", () => {
    const options = { cwd: "/work", configDir: "/etc/prosody" };
    expect(resolveConfigPath("/srv/p.cfg.lua", options)).toEqual({ path: "/srv/p.cfg.lua", origin: "flag", fallbacks: [] });
    expect(resolveConfigPath(undefined, options)).toEqual({ path: "/etc/prosody/prosody.cfg.lua", origin: "default", fallbacks: [] });
    expect(resolveConfigPath("", options)).toMatchObject({ origin: "default" });
  });

  it("a relative path is tried in the working directory, then in the config directory", () => {
    const location = resolveConfigPath("test.cfg.lua", { cwd: "/nowhere", configDir: path.join(CONFIGS, "multi") });
    expect(location).toEqual({ path: "/nowhere/test.cfg.lua", origin: "flag", fallbacks: [path.join(CONFIGS, "multi", "test.cfg.lua")] });
    const found = locateConfigFile(resolveConfigPath("prosody.cfg.lua", { cwd: "/nowhere", configDir: path.join(CONFIGS, "multi") }));
    expect(found.path).toBe(path.join(CONFIGS, "multi", "prosody.cfg.lua"));
    // The working directory wins when the file is there too; nothing found reports the first candidate.
    expect(locateConfigFile(resolveConfigPath("prosody.cfg.lua", { cwd: path.join(CONFIGS, "debian"), configDir: path.join(CONFIGS, "multi") })).path).toBe(
      path.join(CONFIGS, "debian", "prosody.cfg.lua"),
    );
    expect(locateConfigFile(resolveConfigPath("none.cfg.lua", { cwd: "/nowhere", configDir: "/also-nowhere" })).path).toBe("/nowhere/none.cfg.lua");
  });
});

describe("reading values per scope", () => {
  it("reads Debian's default config: globals, its one VirtualHost, the Include after it", async () => {
    const config = await loadProsodyConfig(path.join(CONFIGS, "debian/prosody.cfg.lua"));
    expect(config.files.map((file) => path.relative(CONFIGS, file.file))).toEqual(["debian/prosody.cfg.lua", "debian/conf.d/localhost.cfg.lua"]);
    expect(listValues(config.globals.get("plugin_paths")?.assignment.value)).toEqual(["/usr/local/lib/prosody/modules"]);
    expect(listValues(config.globals.get("modules_enabled")?.assignment.value)).toContain("admin_shell");
    expect(listValues(config.globals.get("modules_enabled")?.assignment.value)).not.toContain("mam");
    expect(listValues(config.globals.get("modules_disabled")?.assignment.value)).toEqual([]);
    expect(config.globals.get("admins")?.assignment.value).toMatchObject({ kind: "list", items: [] });
    expect(config.globals.get("s2s_secure_auth")?.assignment.value).toEqual({ kind: "boolean", value: true });
    expect(config.globals.get("limits")?.assignment.value.kind).toBe("expression");
    expect(config.sections.map((section) => [section.kind, section.name, section.headers.length])).toEqual([["VirtualHost", "localhost", 2]]);
    expect(config.files[0]?.includes).toEqual(["conf.d/*.cfg.lua"]);
    expect(config.missingIncludes).toEqual([]);
  });

  it("reads several VirtualHosts, the call form, a MUC and an external Component", () => {
    const { file, text } = fixture("multi/prosody.cfg.lua");
    const config = { files: [parseConfigText(text, file)] };
    const host = (name: string) => ({ kind: "VirtualHost" as const, name });
    const component = (name: string) => ({ kind: "Component" as const, name });
    expect(listValues(findOption(config, "modules_enabled")?.assignment.value)).toEqual(["roster", "saslauth", "tls", "disco", "ping"]);
    expect(listValues(findOption(config, "modules_enabled", host("a.example"))?.assignment.value)).toEqual(["mam", "bookmarks"]);
    expect(findOption(config, "modules_enabled", host("b.example"))).toBeUndefined();
    expect(listValues(effectiveOption(config, "modules_enabled", host("b.example"))?.assignment.value)).toContain("ping");
    expect(stringValue(findOption(config, "authentication", host("c.example"))?.assignment.value)).toBe("internal_hashed");
    expect(findOption(config, "enabled", host("C.Example"))?.assignment.value).toEqual({ kind: "boolean", value: true });
    expect(listValues(findOption(config, "modules_enabled", component("rooms.a.example"))?.assignment.value)).toEqual(["muc_mam", "vcard_muc"]);
    expect(stringValue(findOption(config, "component_secret", component("gw.a.example"))?.assignment.value)).toBe("not-a-real-secret");
    expect(findOption(config, "http_ports")?.assignment.value).toMatchObject({ kind: "list", items: [], other: 1 });
    const scopes = config.files[0]?.scopes.map((scope) => `${scope.kind} ${scope.name} ${scope.plugin ?? "-"}`);
    expect(scopes).toEqual(["VirtualHost a.example -", "VirtualHost b.example -", "VirtualHost c.example -", "Component rooms.a.example muc", "Component gw.a.example -"]);
  });

  it("keeps what is not a literal as its source text, with the range of every assignment and list element", () => {
    const { file, text } = fixture("multi/prosody.cfg.lua");
    const parsed = parseConfigText(text, file);
    const dataPath = parsed.assignments.find((assignment) => assignment.name === "data_path");
    expect(dataPath?.value).toEqual({ kind: "expression", source: 'base .. "/data"', built: "it is built by concatenation (..)" });
    expect(text.slice(...(dataPath?.range ?? [0, 0]))).toBe('data_path = base .. "/data"');
    expect(parsed.assignments.some((assignment) => assignment.name === "base")).toBe(false);
    const rooms = parsed.assignments.find((assignment) => assignment.name === "modules_enabled" && assignment.scope.name === "rooms.a.example");
    if (rooms?.value.kind !== "list") throw new Error("not a list");
    expect(rooms.value.items.map((item) => text.slice(...item.range))).toEqual(['"muc_mam"', '"vcard_muc"']);
    expect(text.slice(...rooms.valueRange)).toMatch(/^\{\n\t\t"muc_mam",[\s\S]*\t\}$/);
  });

  it("reads `VirtualHost \"x\" { ... }`: options inside the table, the global section after it", () => {
    const { file, text } = fixture("table-form.cfg.lua");
    const config = { files: [parseConfigText(text, file)] };
    expect(listValues(findOption(config, "modules_enabled", { kind: "VirtualHost", name: "t.example" })?.assignment.value)).toEqual(["ping"]);
    expect(findOption(config, "s2s_secure_auth")?.assignment.value).toEqual({ kind: "boolean", value: false });
    expect(config.files[0]?.scopes[0]?.form).toBe("table");
  });

  it("follows Include: a glob relative to the including file (sorted, dot files skipped) and a single file", async () => {
    const config = await loadProsodyConfig(path.join(CONFIGS, "include/prosody.cfg.lua"));
    expect(config.files.map((file) => path.relative(path.join(CONFIGS, "include"), file.file))).toEqual([
      "prosody.cfg.lua",
      "shared/storage.cfg.lua",
      "conf.d/a.example.cfg.lua",
      "conf.d/b.example.cfg.lua",
    ]);
    expect(config.sections.map((section) => `${section.kind} ${section.name}`)).toEqual(["VirtualHost a.example", "Component rooms.a.example", "VirtualHost b.example"]);
    expect(stringValue(config.globals.get("storage")?.assignment.value)).toBe("internal");
    // The main file sets it after the Include that read the other value, so it wins, as in Prosody.
    expect(stringValue(config.globals.get("archive_expires_after")?.assignment.value)).toBe("2w");
    expect(stringValue(findOption(config, "archive_expires_after")?.assignment.value)).toBe("2w");
    const host = config.sections.find((section) => section.name === "a.example");
    expect(listValues(host?.options.get("modules_disabled")?.assignment.value)).toEqual(["ping"]);
    expect(path.basename(host?.options.get("modules_enabled")?.file.file ?? "")).toBe("a.example.cfg.lua");
  });

  it("computes the modules a host loads as Prosody's modulemanager does", async () => {
    const config = await loadProsodyConfig(path.join(CONFIGS, "include/prosody.cfg.lua"));
    const a = modulesForHost(config, { kind: "VirtualHost", name: "a.example" });
    expect([...a]).toEqual(expect.arrayContaining(["c2s", "roster", "mam", "bookmarks"]));
    expect(a.has("ping")).toBe(false);
    expect(modulesForHost(config, { kind: "VirtualHost", name: "b.example" }).has("ping")).toBe(true);
    const rooms = modulesForHost(config, { kind: "Component", name: "rooms.a.example" });
    expect([...rooms].sort()).toEqual(["iq", "muc_mam", "s2s", "saslauth", "tls"]);
  });

  it("records a missing Include target instead of failing (Prosody itself would refuse it)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-cfg-"));
    try {
      await fs.writeFile(path.join(dir, "main.cfg.lua"), 'Include "nope.cfg.lua"\nInclude "absent.d/*.cfg.lua"\nInclude "main.cfg.lua"\nplugin_server = "x"\n');
      const config = await loadProsodyConfig(path.join(dir, "main.cfg.lua"));
      expect(config.files).toHaveLength(1);
      expect(config.missingIncludes.map((missing) => missing.pattern)).toEqual(["nope.cfg.lua", "absent.d/*.cfg.lua"]);
      expect(stringValue(config.globals.get("plugin_server")?.assignment.value)).toBe("x");
    } finally {
      await fs.rm(dir, { recursive: true });
    }
  });

  it("names what reading it looked at: every file read, each glob's directory, each missing literal target", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-cfg-"));
    try {
      await fs.writeFile(path.join(dir, "main.cfg.lua"), 'Include "nope.cfg.lua"\nInclude "absent.d/*.cfg.lua"\nInclude "main.cfg.lua"\nInclude(variable)\n');
      const missing = configInputs(await loadProsodyConfig(path.join(dir, "main.cfg.lua")));
      expect(missing).toEqual([
        { label: "config", file: path.join(dir, "main.cfg.lua"), kind: "followed" },
        { label: "include", file: path.join(dir, "nope.cfg.lua"), kind: "followed" },
        { label: "include-dir", file: path.join(dir, "absent.d"), kind: "dir" },
      ]);
    } finally {
      await fs.rm(dir, { recursive: true });
    }
    const root = path.join(CONFIGS, "include");
    const inputs = configInputs(await loadProsodyConfig(path.join(root, "prosody.cfg.lua")));
    expect(inputs.map((input) => `${input.kind} ${path.relative(root, input.file)}`)).toEqual([
      "followed prosody.cfg.lua",
      "followed shared/storage.cfg.lua",
      "followed conf.d/a.example.cfg.lua",
      "followed conf.d/b.example.cfg.lua",
      "dir conf.d",
    ]);
  });

  it("reads an empty file as a config with nothing in it", () => {
    const parsed = parseConfigText("", "empty.cfg.lua");
    expect(parsed.assignments).toEqual([]);
    expect(parsed.scopes).toEqual([]);
  });
});

describe("a malformed config", () => {
  it("is a UserError naming the file and line, never a stack trace", () => {
    const { file, text } = fixture("malformed.cfg.lua");
    let caught: unknown;
    try {
      parseConfigText(text, file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toBe(`${file}:6: the Prosody config has a syntax error: '}' expected near '"disco"'`);
    expect((caught as UserError).exitCode).toBe(1);
  });

  it("in an included file names that file", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-cfg-"));
    try {
      await fs.writeFile(path.join(dir, "main.cfg.lua"), 'Include "bad.cfg.lua"\n');
      await fs.writeFile(path.join(dir, "bad.cfg.lua"), "\n\nx = = 1\n");
      await expect(loadProsodyConfig(path.join(dir, "main.cfg.lua"))).rejects.toThrow(new RegExp(`^${path.join(dir, "bad.cfg.lua")}:3: the Prosody config has a syntax error`));
    } finally {
      await fs.rm(dir, { recursive: true });
    }
  });

  it("that does not exist is a UserError with a hint", async () => {
    await expect(loadProsodyConfig("/nonexistent/prosody.cfg.lua")).rejects.toMatchObject({ name: "UserError", hint: "pass --config PATH or set PROSODY_CONFIG" });
  });
});

describe("module paths, resolved as Prosody 0.12 does", () => {
  it("installer_plugin_path against the compiled-in data directory, plugin_paths against data_path", () => {
    const text = 'data_path = "/srv/xmpp"\ninstaller_plugin_path = "rocks"\nplugin_paths = { "/opt/mods", "local/mods" }\n';
    const paths = resolveModulePaths({ files: [parseConfigText(text, "x")] }, DEBIAN_PATHS);
    expect(paths).toEqual({
      dataDirectory: "/srv/xmpp",
      installerPluginPath: "/var/lib/prosody/rocks",
      pluginPaths: ["/opt/mods", "/srv/xmpp/local/mods"],
      builtinDir: "/usr/lib/prosody/modules",
      searchOrder: ["/var/lib/prosody/rocks", "/opt/mods", "/srv/xmpp/local/mods", "/usr/lib/prosody/modules"],
      problems: [],
    });
  });

  it("defaults: custom_plugins in the data directory; Debian's plugin_paths", () => {
    const { file, text } = fixture("debian/prosody.cfg.lua");
    const paths = resolveModulePaths({ files: [parseConfigText(text, file)] }, DEBIAN_PATHS);
    expect(paths.searchOrder).toEqual(["/var/lib/prosody/custom_plugins", "/usr/local/lib/prosody/modules", "/usr/lib/prosody/modules"]);
  });

  it("says what it cannot know", () => {
    const { file, text } = fixture("multi/prosody.cfg.lua");
    // At the top: appended at the end, the line would belong to the last Component, as in Prosody.
    const paths = resolveModulePaths({ files: [parseConfigText(`plugin_paths = { "rel" }\n${text}`, file)] }, DEBIAN_PATHS);
    expect(paths.dataDirectory).toBeUndefined();
    expect(paths.problems).toEqual(["data_path is not a plain string, so relative plugin_paths cannot be resolved", 'plugin_paths entry "rel" is relative to an unknown data directory']);
  });
});

describe("Lua strings and globs", () => {
  it("decodes every literal form without evaluating", () => {
    expect(decodeLuaString(String.raw`"a\tb\"c\\"`)).toBe('a\tb"c\\');
    expect(decodeLuaString("'it''s'".replace("''", "\\'"))).toBe("it's");
    expect(decodeLuaString(String.raw`"\xC3\xA9\u{1F600}\65\z   x"`)).toBe("é😀Ax");
    expect(decodeLuaString("[==[\nlong ]] text]==]")).toBe("long ]] text");
    expect(decodeLuaString('"grüße"')).toBe("grüße");
    for (const value of ["plain", 'quo"te', "back\\slash", "new\nline", "/usr/local/lib/prosody/modules"]) expect(decodeLuaString(luaString(value))).toBe(value);
  });

  it("matches Include globs like Prosody's glob_to_pattern", () => {
    expect(globPattern("*.cfg.lua").test("a.example.cfg.lua")).toBe(true);
    expect(globPattern("*.cfg.lua").test("a.cfg.lua.bak")).toBe(false);
    expect(globPattern("host?.cfg.lua").test("host1.cfg.lua")).toBe(true);
    expect(globPattern("(x).cfg.lua").test("(x).cfg.lua")).toBe(true);
  });
});
