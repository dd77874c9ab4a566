// Loading the bundled CLI with V8's code cache: compiling 300 KB of JavaScript costs a run more than
// everything a read command does, and V8 can skip it with the bytecode it saved for the same source (Node 22 does
// this itself with module.enableCompileCache; Node 20, which prosody-manager supports, does not).
// - Each command gets its own cache in the user's cache directory, made at the end of its first run: it holds the
//   functions that command ran, and nothing else. The build's cache holds every function of every command (1 MB);
//   reading and deserializing that costs a read command 7–9 ms more than its own (250–300 KB).
// - The build's cache, beside the bundle, serves a run that has no cache directory it may write, and help. Another
//   Node, or other V8 flags, make V8 reject a cache; then one is written to the user's directory instead.
import { accessSync, constants, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { writeFileAtomicSync } from "../system/fs-atomic.js";
import { readOwnFile } from "../system/own-file.js";

/** Node's own CommonJS wrapper, on a line of its own so that the bundle's line numbers stay as they are. */
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {\n";
const WRAPPER_TAIL = "\n})";

type ModuleWrapper = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => void;

export interface LoadedBundle {
  exports: unknown;
  /** True when V8 used the cached bytecode instead of compiling. */
  cacheUsed: boolean;
  /** The bytecode of everything compiled so far, for a cache file. */
  createCache(): Buffer;
}

/** Node's `require` of the module that loads the bundle (the launcher's own). */
export type HostRequire = (id: string) => unknown;

/**
 * Runs a CommonJS bundle as Node's `require` would, with `cachedData` offered to V8. Its `require` is the host's,
 * with a relative path taken from the bundle's directory (its vendored libraries): not createRequire, since loading
 * node:module for it costs a run 0.5 ms.
 */
export function loadBundle(file: string, cachedData: Buffer | undefined, hostRequire: HostRequire): LoadedBundle {
  const source = readFileSync(file, "utf8");
  // node:vm through the host's require, when a bundle is loaded: `--version` does without it.
  const { Script } = hostRequire("node:vm") as typeof import("node:vm");
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: file, lineOffset: -1, cachedData });
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const module = { exports: {} as unknown };
  const dir = path.dirname(file);
  const bundleRequire = (id: string): unknown => hostRequire(id.startsWith("./") || id.startsWith("../") ? path.join(dir, id) : id);
  wrapper.call(module.exports, module.exports, bundleRequire, module, file, dir);
  return { exports: module.exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected, createCache: () => script.createCachedData() };
}

/**
 * The cache file's name: the build's content hash (V8 checks only the source's length), the V8 version and
 * architecture its bytecode is for, and what it is for: the command that made it, or a bundle other than the full one.
 * A command always runs from the same bundle of a build, so its name says which bundle too.
 */
export function cacheFileName(bundleHash: string, key?: string): string {
  return `${CACHE_PREFIX}${bundleHash}-v8-${process.versions.v8}-${process.arch}${key === undefined ? "" : `-${key}`}.cache`;
}

const CACHE_PREFIX = "prosody-manager-";

/**
 * `code-cache/` in prosody-manager's cache directory as the CLI finds it without its arguments (PROSODY_MANAGER_CACHE,
 * else $XDG_CACHE_HOME/prosody-manager, else ~/.cache/prosody-manager); none when that is not an absolute path.
 */
export function userCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.PROSODY_MANAGER_CACHE || (env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, "prosody-manager") : env.HOME ? path.join(env.HOME, ".cache", "prosody-manager") : undefined);
  return base !== undefined && path.isAbsolute(base) ? path.join(base, "code-cache") : undefined;
}

export function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * A cache in the user's directory is bytecode this process would run, so only one that this user wrote and no one
 * else may change is read (V8 checks that a cache fits the source, not who made it).
 */
export const readOwnCache = readOwnFile;

/**
 * Runs `work` with V8 compiling every function it meets, not only the ones that run: a cache made from that holds the
 * bytecode of every command, so no run compiles any of its functions. Only for the build's cache; the flag is set back
 * before the cache is made, since V8 rejects a cache made under other flags. (node:v8 is imported here, not by the
 * launcher: loading it costs a run 2 ms.)
 */
export async function compilingEagerly<T>(work: () => T): Promise<T> {
  const { setFlagsFromString } = await import("node:v8");
  setFlagsFromString("--no-lazy");
  try {
    return work();
  } finally {
    setFlagsFromString("--lazy");
  }
}

/** Best effort and atomic: a run that cannot write its cache (read-only home, full disk) still runs. */
export function writeCacheQuietly(file: string, data: Buffer, mode = 0o600): boolean {
  try {
    writeFileAtomicSync(file, data, mode);
    return true;
  } catch {
    return false;
  }
}

export interface CachedLoadOptions {
  bundle: string;
  /** The build's content hash: every bundle of the build, so that a build's caches are told from another's. */
  bundleHash: string;
  /** Which bundle, for its shipped cache's name: none for the full one. */
  bundleKey?: string;
  /** Where the build put the cache for its own Node: beside the bundle. */
  shippedDir: string;
  userDir: string | undefined;
  /** The command the arguments name (its words joined by "-"); none for help or a misspelt command. */
  command?: string;
  hostRequire: HostRequire;
}

export interface CachedLoad {
  loaded: LoadedBundle;
  /** Set when the run should leave a cache for the next: to be called once the command has run (at exit). */
  saveCache?: () => void;
}

/**
 * Loads the bundle with the best cache there is: the command's own, else the build's. A command without its own
 * compiles lazily instead, so that the cache `saveCache` writes after the run holds just what it ran; that only when
 * the user's directory can be written, since otherwise every run would compile. Without a command, a build cache
 * that V8 rejects is replaced in the user's directory at once.
 */
export function loadWithCodeCache(options: CachedLoadOptions): CachedLoad {
  const userFile = options.userDir === undefined ? undefined : path.join(options.userDir, cacheFileName(options.bundleHash, options.command ?? options.bundleKey));
  const own = userFile === undefined ? undefined : readOwnCache(userFile);
  const learning = own === undefined && options.command !== undefined && userFile !== undefined && mayCreate(userFile);
  const cachedData = own ?? (learning ? undefined : readCache(path.join(options.shippedDir, cacheFileName(options.bundleHash, options.bundleKey))));
  const loaded = loadBundle(options.bundle, cachedData, options.hostRequire);
  if (loaded.cacheUsed || userFile === undefined) return { loaded };
  const save = (): void => {
    if (writeCacheQuietly(userFile, loaded.createCache())) removeOtherBuildsCaches(path.dirname(userFile), options.bundleHash);
  };
  if (options.command === undefined) {
    save();
    return { loaded };
  }
  return { loaded, saveCache: save };
}

/** Whether this process could create the file: its directory, or the nearest one that exists, is writable. */
function mayCreate(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return false;
      accessSync(dir, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dir === path.dirname(dir)) return false;
    }
  }
}

/**
 * An upgrade leaves the old build's caches behind, so a build that writes one removes other builds' caches written
 * more than a week ago. Not younger ones: two builds in use side by side (two prefixes, a checkout and an installed
 * copy) would otherwise remove each other's at every run, and each run would compile again.
 */
function removeOtherBuildsCaches(dir: string, bundleHash: string, nowMs = Date.now()): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(CACHE_PREFIX) || !name.endsWith(".cache") || name.startsWith(`${CACHE_PREFIX}${bundleHash}-`)) continue;
      const file = path.join(dir, name);
      if (nowMs - statSync(file).mtimeMs > STALE_AFTER_MS) rmSync(file, { force: true });
    }
  } catch {
    // Best effort, as the cache itself.
  }
}

const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
