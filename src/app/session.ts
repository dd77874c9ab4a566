import path from "node:path";
import type { Context } from "./context.js";
import type { Catalogue, ModuleName } from "../core/types.js";
import { acquireLock } from "../system/lock.js";
import { readLauncherLuaVersion } from "../prosody/launcher-lua.js";
import { readCatalogue } from "./catalogue-store.js";
import type { InstallationFacts } from "./prosody-facts.js";
import { Settings } from "./settings.js";

const LOCK_WAIT_MS = 10_000;

/** What one command run shares: resolved settings, the Prosody installation's facts, the catalogue, the lock. */
export class Session {
  readonly settings: Settings;
  private facts: Promise<InstallationFacts> | undefined;
  private lockHeld = false;

  constructor(readonly ctx: Context) {
    // The config reader, prosodyctl and the sync (luaparse, yaml) are imported on first use: most runs need none.
    this.settings = new Settings(ctx, async (configPath, explicit) => (await import("./prosody-facts.js")).loadConfigValues(configPath, explicit, ctx.env));
  }

  installation(): Promise<InstallationFacts> {
    this.facts ??= import("./prosody-facts.js").then((facts) => facts.loadInstallationFacts(this.ctx.env));
    return this.facts;
  }

  /** Prosody's Lua, from its launcher's first line when possible: a subprocess less on every rocks command. */
  async luaVersion(): Promise<string> {
    return (await readLauncherLuaVersion(this.ctx.env)) ?? (await this.installation()).luaVersion;
  }

  async isBuiltin(): Promise<(name: ModuleName) => boolean> {
    const facts = await this.installation();
    return (name) => facts.builtinModules.has(name);
  }

  /** The catalogue; before the first sync, syncs first and says so, so a new user's first search just works. */
  async catalogue(): Promise<Catalogue> {
    const existing = await readCatalogue(this.settings.cacheDir);
    if (existing) return existing;
    this.ctx.log.info("No catalogue yet: syncing the module sources first (prosody-manager module sync).");
    const { syncSources } = await import("./sync.js");
    const outcome = await this.withLock(() => syncSources(this));
    return outcome.catalogue;
  }

  /** Serialises every change to the cache, the state or the trees: a second run waits briefly, then refuses. */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    if (this.lockHeld) return work();
    const lock = await acquireLock(path.join(this.settings.cacheDir, "prosody-manager.lock"), {
      waitMs: Number(this.ctx.env.PROSODY_MANAGER_LOCK_WAIT_MS ?? LOCK_WAIT_MS),
    });
    this.lockHeld = true;
    try {
      return await work();
    } finally {
      this.lockHeld = false;
      await lock.release();
    }
  }
}
