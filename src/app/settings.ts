import path from "node:path";
import { isUrl } from "../core/url.js";
import { compiledConfigDir, locateConfigFile, resolveConfigPath } from "../prosody/config/locate.js";
import { prosodyctlCommand, splitCommand } from "../prosody/prosodyctl.js";
import type { Context } from "./context.js";
import { homeDirectory } from "../system/lazy-builtins.js";
import { phase } from "../core/phase-trace.js";

export const DEFAULT_COMMUNITY_URL = "https://hg.prosody.im/prosody-modules/";
export const DEFAULT_ROCKS_SERVER = "https://modules.prosody.im/rocks/";
export const DEFAULT_COMMUNITY_DIR = "/usr/local/lib/prosody/modules";
export const LOCKFILE_NAME = "prosody-manager.lock.json";

/** What prosody-manager needs from the Prosody config; absent values fall through to defaults. */
export interface ConfigValues {
  pluginServer: string | undefined;
  /** Already resolved against the data directory, as Prosody does. */
  installerPluginPath: string | undefined;
  pluginPaths: string[];
  /**
   * Where Prosody writes its pid while it runs (`pidfile`, resolved against the data directory as mod_posix does);
   * undefined when the config names none, or mod_posix, which writes it, is disabled.
   */
  pidfile?: string;
  /** prosody_user, prosody_group and run_as_root: whom prosodyctl, started as root, switches to. */
  prosodyUser?: string;
  prosodyGroup?: string;
  runAsRoot?: boolean;
}

export type Origin = "flag" | "config" | "default";

export interface Resolved<T> {
  value: T;
  origin: Origin;
}

/**
 * Global settings, resolved flag (or its environment variable, which commander folds in) > Prosody config > default.
 * Config values are read lazily: a command that needs none of them works without a config file.
 */
export class Settings {
  private configValues: Promise<ConfigValues | undefined> | undefined;
  private locatedConfig: string | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly loadConfig: (configPath: string, explicit: boolean) => Promise<ConfigValues | undefined>,
    /** Prosody's compiled-in config directory; read from the installed prosodyctl when not given (tests give it). */
    private readonly options: { configDir?: string } = {},
  ) {}

  /**
   * The config file, found as prosodyctl finds it: --config (or PROSODY_CONFIG) against the working directory, then
   * against the config directory; else the config directory's prosody.cfg.lua. Always absolute, so every reader and
   * every prosodyctl run gets the same file whatever its own working directory.
   */
  get configPath(): string {
    this.locatedConfig ??= locateConfigFile(
      resolveConfigPath(this.ctx.flags.config, { cwd: this.ctx.cwd, configDir: this.options.configDir ?? compiledConfigDir(this.ctx.env) }),
    ).path;
    return this.locatedConfig;
  }

  get configExplicit(): boolean {
    return this.ctx.flags.config !== undefined;
  }

  get cacheDir(): string {
    if (this.ctx.flags.cacheDir) return path.resolve(this.ctx.cwd, this.ctx.flags.cacheDir);
    const base = this.ctx.env.XDG_CACHE_HOME || path.join(homeDirectory(this.ctx.env), ".cache");
    return path.join(base, "prosody-manager");
  }

  get communityUrl(): string {
    const value = this.ctx.flags.communityUrl ?? DEFAULT_COMMUNITY_URL;
    return isUrl(value) ? value : path.resolve(this.ctx.cwd, value);
  }

  /** How prosodyctl is run: --prosodyctl (or PROSODY_MANAGER_PROSODYCTL), split into argv; else plain prosodyctl. */
  get prosodyctl(): string[] {
    return prosodyctlCommand({ command: splitCommand(this.ctx.flags.prosodyctl), env: this.ctx.env });
  }

  /** The desired state: beside the Prosody config by default, where admins keep /etc under version control. */
  get lockfilePath(): string {
    if (this.ctx.flags.lockfile) return path.resolve(this.ctx.cwd, this.ctx.flags.lockfile);
    return path.join(path.dirname(path.resolve(this.ctx.cwd, this.configPath)), LOCKFILE_NAME);
  }

  async communityDir(): Promise<Resolved<string>> {
    if (this.ctx.flags.communityDir) return { value: path.resolve(this.ctx.cwd, this.ctx.flags.communityDir), origin: "flag" };
    const config = await this.config();
    const fromConfig = config?.pluginPaths[0];
    if (fromConfig) return { value: fromConfig, origin: "config" };
    return { value: DEFAULT_COMMUNITY_DIR, origin: "default" };
  }

  async rocksServer(): Promise<Resolved<string>> {
    const flag = this.ctx.flags.rocksServer;
    if (flag) return { value: isUrl(flag) ? flag : path.resolve(this.ctx.cwd, flag), origin: "flag" };
    const config = await this.config();
    if (config?.pluginServer) return { value: config.pluginServer, origin: "config" };
    return { value: DEFAULT_ROCKS_SERVER, origin: "default" };
  }

  async installerPath(): Promise<Resolved<string>> {
    if (this.ctx.flags.installerPath) return { value: path.resolve(this.ctx.cwd, this.ctx.flags.installerPath), origin: "flag" };
    const config = await this.config();
    if (config?.installerPluginPath) return { value: config.installerPluginPath, origin: "config" };
    // Prosody's own default: custom_plugins in its data directory.
    return { value: "/var/lib/prosody/custom_plugins", origin: "default" };
  }

  config(): Promise<ConfigValues | undefined> {
    this.configValues ??= this.loadConfig(this.configPath, this.configExplicit).finally(() => phase("config read"));
    return this.configValues;
  }
}

