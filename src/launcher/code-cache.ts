// Loading the bundled CLI with V8's code cache: compiling 300 KB of JavaScript costs a run more than
// everything a read command does, and V8 can skip it with the bytecode it saved for the same source (Node 22 does
// this itself with module.enableCompileCache; Node 20, which prosody-manager supports, does not). The cache is made at
// build time for the Node that built it; another Node, or other V8 flags, make V8 reject it, and then a fresh one is
// written once to the user's cache directory.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/** Node's own CommonJS wrapper, on a line of its own so that the bundle's line numbers stay as they are. */
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {\n";
const WRAPPER_TAIL = "\n})";

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

export interface LoadedBundle {
  exports: unknown;
  /** True when V8 used the cached bytecode instead of compiling. */
  cacheUsed: boolean;
  /** The bytecode of everything compiled so far, for a cache file. */
  createCache(): Buffer;
}

/** Runs a CommonJS bundle as Node's `require` would, with `cachedData` offered to V8. */
export function loadBundle(file: string, cachedData: Buffer | undefined): LoadedBundle {
  const source = readFileSync(file, "utf8");
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: file, lineOffset: -1, cachedData });
  const wrapper = script.runInThisContext() as ModuleWrapper;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected, createCache: () => script.createCachedData() };
}

/**
 * The cache file's name: the bundle's content hash (V8 checks only the source's length) and the V8 version and
 * architecture its bytecode is for.
 */
export function cacheFileName(bundleHash: string): string {
  return `prosody-manager-${bundleHash}-v8-${process.versions.v8}-${process.arch}.cache`;
}

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
 * else may change is read: a cache directory another account can write to (a shared PROSODY_MANAGER_CACHE) must not
 * become a way to run code as root. (V8 checks that a cache fits the source, not who made it.)
 */
export function readOwnCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

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
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, data, { mode });
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
}

export interface CachedLoadOptions {
  bundle: string;
  bundleHash: string;
  /** Where the build put the cache for its own Node: beside the bundle. */
  shippedDir: string;
  userDir: string | undefined;
}

/**
 * Loads the bundle with the user's cache when there is one (it exists only because the shipped one did not fit this
 * Node or its flags), else the shipped one; when V8 used neither, writes the user's for the next run.
 */
export function loadWithCodeCache(options: CachedLoadOptions): LoadedBundle {
  const name = cacheFileName(options.bundleHash);
  const userFile = options.userDir === undefined ? undefined : path.join(options.userDir, name);
  const cachedData = (userFile === undefined ? undefined : readOwnCache(userFile)) ?? readCache(path.join(options.shippedDir, name));
  const loaded = loadBundle(options.bundle, cachedData);
  if (!loaded.cacheUsed && userFile !== undefined) writeCacheQuietly(userFile, loaded.createCache());
  return loaded;
}
