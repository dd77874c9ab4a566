import path from "node:path";
import type { Context, LockState } from "./context.js";
import type { Catalogue, ModuleName } from "../core/types.js";
import { failure } from "../core/errors.js";
import { type Lock, acquireLocks } from "../system/lock.js";
import { DigestMemo } from "../system/digest-memo.js";
import { exists } from "../system/fs-atomic.js";
import { readLauncherLuaVersion } from "../prosody/launcher-lua.js";
import { afterSuccess } from "./after-success.js";
import { readCatalogue } from "./catalogue-store.js";
import type { Builtins, InstallationFacts } from "./installation-facts.js";
import { healInterrupted } from "./model/journal-store.js";
import { type ProsodyAccount, resolveProsodyAccount } from "./prosody-account.js";
import { removeTempLeftovers } from "../system/temp-leftovers.js";
import { type ConfigValues, Settings } from "./settings.js";
import { phase } from "../core/phase-trace.js";

const LOCK_WAIT_MS = 10_000;

/** The digest memo's file in the cache directory (system/digest-memo.ts). */
const DIGEST_MEMO_FILE = "digests.json";

/** A config that is not there needs no parser: no values by default, and for --config the file reader's own error. */
async function readConfigValues(configPath: string, explicit: boolean, env: NodeJS.ProcessEnv, memo: DigestMemo | undefined): Promise<ConfigValues | undefined> {
  if (!(await exists(configPath))) {
    if (explicit) await (await import("../prosody/config/read-file.js")).readConfigFile(configPath, true);
    return undefined;
  }
  return (await import("./prosody-facts.js")).loadConfigValues(configPath, explicit, env, memo);
}

/** What one command run shares: resolved settings, the Prosody installation's facts, the catalogue, the lock. */
export class Session {
  readonly settings: Settings;
  private facts: Promise<InstallationFacts> | undefined;
  /** Shared by every session of one invocation (a confirmed change holds the locks from its preview to its end). */
  private readonly locks: LockState;
  private builtinList: Promise<Builtins> | undefined;
  private lua: Promise<string> | undefined;
  private prosody: Promise<ProsodyAccount> | undefined;
  private digestMemo: DigestMemo | undefined;
  /** The run only shows what is there: what the config says and Prosody's own modules may come from the memo. */
  private readonly showOnly: boolean;

  /**
   * `tolerateConfigErrors`: a config that cannot be read counts as no config (settings fall back to flags and
   * defaults), for `doctor`, which reports the error itself and still runs every check that does not need the config.
   * `showOnly`: the run only shows what is there (search, list, info, outdated, rocks list and outdated), so the
   * config's values and Prosody's own modules may come from the digest memo while their files look as they did; a
   * run that changes anything parses the config and lists the modules.
   */
  constructor(
    readonly ctx: Context,
    options: { tolerateConfigErrors?: boolean; showOnly?: boolean } = {},
  ) {
    this.locks = ctx.locks ?? { held: false };
    this.showOnly = options.showOnly === true;
    // The config reader, prosodyctl and the sync (luaparse, yaml) are imported on first use: most runs need none.
    this.settings = new Settings(ctx, (configPath, explicit) => {
      const load = readConfigValues(configPath, explicit, ctx.env, this.showOnly ? this.memo() : undefined);
      return options.tolerateConfigErrors ? load.catch(() => undefined) : load;
    });
  }

  /**
   * The run's one digest memo: each of its readers records into the same copy, so none undoes another's entry. It is
   * written when the run ends, if the run succeeded.
   */
  memo(): DigestMemo {
    if (!this.digestMemo) {
      const memo = DigestMemo.open(path.join(this.settings.cacheDir, DIGEST_MEMO_FILE));
      afterSuccess(() => memo.save());
      this.digestMemo = memo;
    }
    return this.digestMemo;
  }

  installation(): Promise<InstallationFacts> {
    this.facts ??= import("./installation-facts.js").then((facts) => facts.loadInstallationFacts(this.ctx.env));
    return this.facts;
  }

  /**
   * The account Prosody runs as (prosody_user, prosody_group, run_as_root): what the rocks tree is handed to and
   * LuaRocks runs as. A config that cannot be read names none: prosody, as Debian's.
   */
  prosodyAccount(): Promise<ProsodyAccount> {
    this.prosody ??= this.settings.config().catch(() => undefined).then(resolveProsodyAccount);
    return this.prosody;
  }

  /** Prosody's own modules, from files (no prosodyctl run unless its compiled-in directory holds none). */
  builtins(): Promise<Builtins> {
    this.builtinList ??= import("./installation-facts.js")
      .then((facts) => facts.loadBuiltins(this.ctx.env, this.showOnly ? this.memo() : undefined))
      .finally(() => phase("built-in modules found"));
    return this.builtinList;
  }

  /**
   * Prosody's Lua, from its launcher's first line when possible: a subprocess less on every rocks command. Read once
   * per run: every resolution of the targets asks for it.
   */
  luaVersion(): Promise<string> {
    this.lua ??= readLauncherLuaVersion(this.ctx.env).then(async (fromLauncher) => fromLauncher ?? (await this.installation()).luaVersion);
    return this.lua;
  }

  async isBuiltin(): Promise<(name: ModuleName) => boolean> {
    const { modules } = await this.builtins();
    return (name) => modules.has(name);
  }

  /** The saved catalogue as it is, or undefined before the first sync (no sync is started). */
  readCatalogue(): Promise<Catalogue | undefined> {
    return readCatalogue(this.settings.cacheDir);
  }

  /** The catalogue; before the first sync, syncs first and says so, so a new user's first search just works. */
  async catalogue(): Promise<Catalogue> {
    const existing = await readCatalogue(this.settings.cacheDir);
    if (existing) return existing;
    this.ctx.log.info("No catalogue yet: syncing the module sources first (prosody-manager module sync).");
    const { syncSources } = await import("./sync.js");
    const outcome = await this.withCacheLock(() => syncSources(this));
    // A sync that found nothing new leaves the catalogue unread: read it now (another run may just have written it).
    const catalogue = outcome.catalogue ?? (await readCatalogue(this.settings.cacheDir));
    if (!catalogue) throw failure(`there is no catalogue in ${this.settings.cacheDir}`, "run 'prosody-manager module sync' and read what it reports");
    return catalogue;
  }

  /**
   * Serialises every change: locks each thing a command may change — the community directory, the rocks tree, the
   * Prosody config and the cache — with a lock file beside it, so two runs with different caches (two admins, sudo
   * with another HOME) still wait for each other. Locks are taken in one fixed order (sorted paths), so two runs never
   * hold one each and wait for the other's.
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    if (this.locks.held === "all") return work();
    // Our own holder has the cache's lock: a second holder would wait for it until the deadline.
    if (this.locks.held === "cache") throw new Error("a change cannot start inside a sync");
    return this.holding("all", await this.lockTargets(), async () => {
      // A run killed mid-change left a journal: its change is undone (or finished) before this one looks at the disk.
      for (const line of healInterrupted({ lockfilePath: this.settings.lockfilePath })) this.ctx.log.warn(line);
      for (const line of removeTempLeftovers(await this.leftoverDirs())) this.ctx.log.warn(line);
      return work();
    });
  }

  /**
   * A sync's lock: the cache's alone, since a sync changes nothing else (every change takes the cache's lock too, so a
   * sync and a change still wait for each other). One lock file instead of four, and no journal or leftovers to look
   * for in places a sync does not touch: a sync that finds nothing new costs little more than its `hg pull`.
   */
  async withCacheLock<T>(work: () => Promise<T>): Promise<T> {
    if (this.locks.held) return work();
    return this.holding("cache", [this.cacheLockTarget()], work);
  }

  /** Runs `work` holding the locks of `targets`, waiting for them up to PROSODY_MANAGER_LOCK_WAIT_MS. */
  private async holding<T>(kind: "all" | "cache", targets: { file: string; what: string }[], work: () => Promise<T>): Promise<T> {
    const waitMs = Number(this.ctx.env.PROSODY_MANAGER_LOCK_WAIT_MS ?? LOCK_WAIT_MS);
    const held: Lock[] = [];
    try {
      held.push(...(await acquireLocks(targets, { waitMs, onWait: (message) => this.ctx.log.warn(message) })));
      this.locks.held = kind;
      return await work();
    } finally {
      this.locks.held = false;
      for (const lock of held.reverse()) await lock.release();
    }
  }

  private cacheLockTarget(): { file: string; what: string } {
    return { file: path.join(this.settings.cacheDir, "prosody-manager.lock"), what: `the cache ${this.settings.cacheDir}` };
  }

  /** Where an atomic write of a killed run can leave its temporary file: beside the config, state, lockfile and tree. */
  async leftoverDirs(): Promise<string[]> {
    const { communityDir, tree, configPath } = await this.changedPlaces();
    const resolvedTree = path.resolve(this.ctx.cwd, tree);
    return [communityDir, resolvedTree, path.dirname(resolvedTree), path.dirname(configPath), path.dirname(path.resolve(this.ctx.cwd, this.settings.lockfilePath))];
  }

  /** What a change writes to: the community directory, the rocks tree, and the Prosody config (resolved). */
  private async changedPlaces(): Promise<{ communityDir: string; tree: string; configPath: string }> {
    const [communityDir, installerPath] = await Promise.all([this.settings.communityDir(), this.settings.installerPath()]);
    return { communityDir: communityDir.value, tree: installerPath.value, configPath: path.resolve(this.ctx.cwd, this.settings.configPath) };
  }

  private async lockTargets(): Promise<{ file: string; what: string }[]> {
    const { communityDir, tree, configPath } = await this.changedPlaces();
    const targets = [
      this.cacheLockTarget(),
      { file: besideLock(communityDir), what: `the community directory ${communityDir}` },
      { file: besideLock(tree), what: `the rocks tree ${tree}` },
    ];
    // No directory, no config to edit: nothing there to protect, and no reason to create /etc/prosody.
    if (await exists(path.dirname(configPath))) targets.push({ file: besideLock(configPath), what: `the Prosody config ${configPath}` });
    return targets.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}

/** `/a/b/target` → `/a/b/.target.prosody-manager.lock`: beside, not inside, so copies and backups of the target never carry it. */
function besideLock(target: string): string {
  const resolved = path.resolve(target);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.prosody-manager.lock`);
}
