import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Context, type GlobalFlags, makeLogger } from "../../src/app/context.js";
import { loadConfigValues } from "../../src/app/prosody-facts.js";
import { type ConfigValues, DEFAULT_COMMUNITY_DIR, DEFAULT_COMMUNITY_URL, DEFAULT_ROCKS_SERVER, Settings } from "../../src/app/settings.js";

// Settings sees flags with their environment variables already folded in by the CLI parser (flag > environment is
// tested through the CLI: test/e2e/settings.test.ts); here: flag > Prosody config > default, paths and laziness.

const NO_FLAGS: GlobalFlags = {
  config: undefined,
  cacheDir: undefined,
  communityUrl: undefined,
  communityDir: undefined,
  rocksServer: undefined,
  installerPath: undefined,
  lockfile: undefined,
  json: false,
  dryRun: false,
  yes: false,
  quiet: true,
  color: false,
};

function context(flags: Partial<GlobalFlags> = {}, env: NodeJS.ProcessEnv = {}, cwd = "/work/here"): Context {
  const sink = { write: () => true };
  const all = { ...NO_FLAGS, ...flags };
  return { stdout: sink, stderr: sink, env, cwd, now: () => new Date(0), flags: all, log: makeLogger(sink, all) };
}

/** A config loader that answers fixed values and records what it was asked, so laziness can be checked. */
function loader(values: ConfigValues | undefined): { calls: [string, boolean][]; load: (file: string, explicit: boolean) => Promise<ConfigValues | undefined> } {
  const calls: [string, boolean][] = [];
  return {
    calls,
    load: (file, explicit) => {
      calls.push([file, explicit]);
      return Promise.resolve(values);
    },
  };
}

const FROM_CONFIG: ConfigValues = {
  pluginServer: "https://rocks.example/",
  installerPluginPath: "/var/lib/prosody/from-config",
  pluginPaths: ["/srv/from-config", "/srv/second"],
};

describe("Settings precedence: flag > Prosody config > default", () => {
  it("a flag wins over the config, and the config is not even read for it", async () => {
    const config = loader(FROM_CONFIG);
    const settings = new Settings(context({ communityDir: "/flag/community", rocksServer: "https://flag.example/rocks/", installerPath: "/flag/tree" }), config.load, { configDir: "/etc/prosody" });
    expect(await settings.communityDir()).toEqual({ value: "/flag/community", origin: "flag" });
    expect(await settings.rocksServer()).toEqual({ value: "https://flag.example/rocks/", origin: "flag" });
    expect(await settings.installerPath()).toEqual({ value: "/flag/tree", origin: "flag" });
    expect(config.calls).toEqual([]);
  });

  it("without a flag the config's value is used: the first plugin_paths entry, plugin_server, installer_plugin_path", async () => {
    const config = loader(FROM_CONFIG);
    const settings = new Settings(context(), config.load, { configDir: "/etc/prosody" });
    expect(await settings.communityDir()).toEqual({ value: "/srv/from-config", origin: "config" });
    expect(await settings.rocksServer()).toEqual({ value: "https://rocks.example/", origin: "config" });
    expect(await settings.installerPath()).toEqual({ value: "/var/lib/prosody/from-config", origin: "config" });
    // Read once for all three, from the default location, which is not an explicit --config.
    expect(config.calls).toEqual([["/etc/prosody/prosody.cfg.lua", false]]);
  });

  it("without a flag or a config value, the defaults", async () => {
    for (const values of [undefined, { pluginServer: undefined, installerPluginPath: undefined, pluginPaths: [] }]) {
      const settings = new Settings(context(), loader(values).load, { configDir: "/etc/prosody" });
      expect(await settings.communityDir()).toEqual({ value: DEFAULT_COMMUNITY_DIR, origin: "default" });
      expect(await settings.rocksServer()).toEqual({ value: DEFAULT_ROCKS_SERVER, origin: "default" });
      expect(await settings.installerPath()).toEqual({ value: "/var/lib/prosody/custom_plugins", origin: "default" });
      expect(settings.communityUrl).toBe(DEFAULT_COMMUNITY_URL);
    }
  });

  it("each setting falls through on its own: a config with only plugin_server", async () => {
    const settings = new Settings(context({ installerPath: "tree" }), loader({ pluginServer: "/srv/rocks", installerPluginPath: undefined, pluginPaths: [] }).load, { configDir: "/etc/prosody" });
    expect(await settings.rocksServer()).toEqual({ value: "/srv/rocks", origin: "config" });
    expect(await settings.installerPath()).toEqual({ value: "/work/here/tree", origin: "flag" });
    expect(await settings.communityDir()).toEqual({ value: DEFAULT_COMMUNITY_DIR, origin: "default" });
  });
});

describe("Settings paths", () => {
  it("resolves relative flags against the command's working directory, and keeps URLs", async () => {
    const ctx = context({ communityDir: "mods", rocksServer: "../rocks", installerPath: "./tree", cacheDir: "cache", communityUrl: "repo" }, {}, "/srv/admin");
    const settings = new Settings(ctx, loader(undefined).load, { configDir: "/etc/prosody" });
    expect((await settings.communityDir()).value).toBe("/srv/admin/mods");
    expect((await settings.rocksServer()).value).toBe("/srv/rocks");
    expect((await settings.installerPath()).value).toBe("/srv/admin/tree");
    expect(settings.cacheDir).toBe("/srv/admin/cache");
    expect(settings.communityUrl).toBe("/srv/admin/repo");
    const urls = new Settings(context({ rocksServer: "http://127.0.0.1:8080/rocks/", communityUrl: "https://mirror.example/prosody-modules/" }), loader(undefined).load);
    expect((await urls.rocksServer()).value).toBe("http://127.0.0.1:8080/rocks/");
    expect(urls.communityUrl).toBe("https://mirror.example/prosody-modules/");
  });

  it("puts the lockfile beside the config, or where --lockfile says (relative to the working directory)", () => {
    const beside = new Settings(context({ config: "/etc/prosody/prosody.cfg.lua" }), loader(undefined).load, { configDir: "/etc/prosody" });
    expect(beside.lockfilePath).toBe("/etc/prosody/prosody-manager.lock.json");
    const moved = new Settings(context({ lockfile: "git/xmpp1.lock.json" }, {}, "/srv/admin"), loader(undefined).load, { configDir: "/etc/prosody" });
    expect(moved.lockfilePath).toBe("/srv/admin/git/xmpp1.lock.json");
  });

  it("puts the cache in --cache-dir, else $XDG_CACHE_HOME, else ~/.cache", () => {
    const settings = (flags: Partial<GlobalFlags>, env: NodeJS.ProcessEnv): Settings => new Settings(context(flags, env), loader(undefined).load);
    expect(settings({ cacheDir: "/c" }, { XDG_CACHE_HOME: "/xdg", HOME: "/home/a" }).cacheDir).toBe("/c");
    expect(settings({}, { XDG_CACHE_HOME: "/xdg", HOME: "/home/a" }).cacheDir).toBe("/xdg/prosody-manager");
    expect(settings({}, { XDG_CACHE_HOME: "", HOME: "/home/a" }).cacheDir).toBe("/home/a/.cache/prosody-manager");
  });
});

describe("Settings finds the config as prosodyctl does", () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-settings-"));
    await fs.mkdir(path.join(root, "etc"));
    await fs.mkdir(path.join(root, "cwd"));
    await fs.writeFile(path.join(root, "etc", "prosody.cfg.lua"), 'plugin_paths = { "/srv/from-etc" }\n');
    await fs.writeFile(path.join(root, "etc", "other.cfg.lua"), 'plugin_paths = { "/srv/from-etc-other" }\nplugin_server = "/srv/rocks-etc"\n');
    await fs.writeFile(path.join(root, "cwd", "local.cfg.lua"), 'plugin_paths = { "/srv/from-cwd" }\n');
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  // The loader Session uses, so these read real files the way a command does.
  const settingsFor = (config: string | undefined): Settings => {
    const ctx = context({ config }, {}, path.join(root, "cwd"));
    return new Settings(ctx, (file, explicit) => loadConfigValues(file, explicit, ctx.env), { configDir: path.join(root, "etc") });
  };

  it("a relative --config is the working directory's file (the command's, not the process's)", async () => {
    const settings = settingsFor("local.cfg.lua");
    expect(settings.configPath).toBe(path.join(root, "cwd", "local.cfg.lua"));
    expect(settings.configExplicit).toBe(true);
    expect(await settings.communityDir()).toEqual({ value: "/srv/from-cwd", origin: "config" });
  });

  it("a relative --config missing there is the config directory's file", async () => {
    const settings = settingsFor("other.cfg.lua");
    expect(settings.configPath).toBe(path.join(root, "etc", "other.cfg.lua"));
    expect(await settings.communityDir()).toEqual({ value: "/srv/from-etc-other", origin: "config" });
    expect(await settings.rocksServer()).toEqual({ value: "/srv/rocks-etc", origin: "config" });
  });

  it("no --config is the config directory's prosody.cfg.lua", async () => {
    const settings = settingsFor(undefined);
    expect(settings.configPath).toBe(path.join(root, "etc", "prosody.cfg.lua"));
    expect(settings.configExplicit).toBe(false);
    expect(await settings.communityDir()).toEqual({ value: "/srv/from-etc", origin: "config" });
  });

  it("a --config found nowhere is reported at the working directory's path", async () => {
    const settings = settingsFor("missing.cfg.lua");
    expect(settings.configPath).toBe(path.join(root, "cwd", "missing.cfg.lua"));
    await expect(settings.communityDir()).rejects.toThrow(/missing\.cfg\.lua/);
  });
});
