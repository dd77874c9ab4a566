import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, runCli, type Sandbox } from "../helpers/cli.js";
import { communityRepo, rocksDir } from "../helpers/fixture-paths.js";
import { type RunningServer, serveDirectory } from "../helpers/http-server.js";

interface RocksPlan {
  server: string;
  tree: string;
}
interface CommunityPlan {
  communityDir: string;
}

describe("settings precedence with the built CLI: flag > environment variable > Prosody config", () => {
  // Three real rocks servers, so whichever one a run picks can answer its dry run: the fixture directory (named by the
  // config) and two HTTP servers of it (named by the environment and by the flag).
  let sandbox: Sandbox;
  let envServer: RunningServer;
  let flagServer: RunningServer;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    [envServer, flagServer] = await Promise.all([serveDirectory(rocksDir), serveDirectory(rocksDir)]);
    const dir = (name: string): string => path.join(sandbox.root, name);
    await fs.writeFile(
      sandbox.configPath,
      [`plugin_paths = { "${dir("config-community")}" }`, `plugin_server = "${rocksDir}"`, `installer_plugin_path = "${dir("config-tree")}"`, 'VirtualHost "localhost"', ""].join("\n"),
    );
  });
  afterAll(async () => {
    await Promise.all([envServer.close(), flagServer.close()]);
    await sandbox.cleanup();
  });

  /** What the dry runs of both installs say they would use, given these flags and environment. */
  async function resolved(flags: string[], env: Record<string, string>): Promise<{ communityDir: string; server: string; tree: string }> {
    const base = ["--cache-dir", sandbox.cacheDir, "--community-url", communityRepo, ...flags];
    const fullEnv = { HOME: sandbox.root, ...env };
    const community = await runCli([...base, "module", "install", "mod_pastebin", "--dry-run", "--no-config", "--json"], fullEnv);
    expect(community.code, community.stderr).toBe(0);
    const rocks = await runCli([...base, "module", "rocks", "install", "mod_pastebin", "--dry-run", "--no-config", "--json"], fullEnv);
    expect(rocks.code, rocks.stderr).toBe(0);
    const { server, tree } = parseJson<RocksPlan>(rocks);
    return { communityDir: parseJson<CommunityPlan>(community).communityDir, server, tree };
  }

  it("community dir, rocks server and installer path each come from the strongest level that gives them", async () => {
    const dir = (name: string): string => path.join(sandbox.root, name);
    // The config named through PROSODY_CONFIG, the flag's environment variable: the config's values are used.
    expect(await resolved([], { PROSODY_CONFIG: sandbox.configPath })).toEqual({ communityDir: dir("config-community"), server: rocksDir, tree: dir("config-tree") });

    const envButCommunityDir = { PROSODY_CONFIG: sandbox.configPath, PROSODY_MANAGER_ROCKS_SERVER: envServer.url, PROSODY_MANAGER_INSTALLER_PATH: dir("env-tree") };
    const env = { ...envButCommunityDir, PROSODY_MANAGER_COMMUNITY_DIR: dir("env-community") };
    expect(await resolved([], env)).toEqual({ communityDir: dir("env-community"), server: envServer.url, tree: dir("env-tree") });

    const flags = ["--community-dir", dir("flag-community"), "--rocks-server", flagServer.url, "--installer-path", dir("flag-tree")];
    expect(await resolved(flags, env)).toEqual({ communityDir: dir("flag-community"), server: flagServer.url, tree: dir("flag-tree") });

    // --config beats PROSODY_CONFIG too: with a config that names nothing, what the environment does not give is the default.
    const bare = dir("bare.cfg.lua");
    await fs.writeFile(bare, 'VirtualHost "localhost"\n');
    expect(await resolved(["--config", bare], envButCommunityDir)).toEqual({ communityDir: "/usr/local/lib/prosody/modules", server: envServer.url, tree: dir("env-tree") });
  });
});
