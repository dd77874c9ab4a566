import { promises as fs } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheFileName, compilingEagerly, loadBundle, loadWithCodeCache, readCache, readOwnCache, userCacheDir, writeCacheQuietly } from "../../src/launcher/code-cache.js";

// The launcher's code cache on real V8: a cache made for a bundle is used by the next load of it, a cache made for
// other source is not, and a missing or unusable one is replaced in the user's directory.
const hostRequire = createRequire(import.meta.url);

describe("code cache", () => {
  let dir: string;
  let bundle: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-code-cache-"));
    bundle = path.join(dir, "lib", "bundle.cjs");
    await fs.mkdir(path.dirname(bundle));
    await fs.writeFile(bundle, 'const path = require("node:path");\nexports.where = path.basename(__filename);\nexports.answer = function answer() { return 42; };\n');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it("runs a CommonJS bundle with its own require, __filename and exports", () => {
    const loaded = loadBundle(bundle, undefined, hostRequire);
    expect(loaded.exports).toMatchObject({ where: "bundle.cjs" });
    expect((loaded.exports as { answer(): number }).answer()).toBe(42);
    expect(loaded.cacheUsed).toBe(false);
  });

  it("gives the bundle a require that takes a relative path from the bundle's directory", async () => {
    await fs.mkdir(path.join(path.dirname(bundle), "vendor"));
    await fs.writeFile(path.join(path.dirname(bundle), "vendor", "lib.cjs"), "exports.name = 'vendored';\n");
    await fs.appendFile(bundle, 'exports.vendored = require("./vendor/lib.cjs").name;\n');
    expect(loadBundle(bundle, undefined, hostRequire).exports).toMatchObject({ vendored: "vendored", where: "bundle.cjs" });
  });

  it("uses a cache made for the same source and rejects one made for other source", async () => {
    const cache = loadBundle(bundle, undefined, hostRequire).createCache();
    expect(loadBundle(bundle, cache, hostRequire).cacheUsed).toBe(true);
    await fs.appendFile(bundle, "exports.more = 1;\n");
    expect(loadBundle(bundle, cache, hostRequire).cacheUsed).toBe(false);
  });

  it("made while compiling eagerly, holds the functions no load ran, and a normal load still uses it", async () => {
    await fs.appendFile(bundle, `exports.unused = function unused(a) { ${"a = a * 2 + 1; ".repeat(200)} return a; };\n`);
    // Each compiled once only: V8 keeps what it compiled per source, and a second compile would reuse it.
    const eager = (await compilingEagerly(() => loadBundle(bundle, undefined, hostRequire))).createCache();
    const source = await fs.readFile(bundle, "utf8");
    await fs.appendFile(bundle, "// another source\n");
    const lazy = loadBundle(bundle, undefined, hostRequire).createCache();
    expect(eager.length).toBeGreaterThan(lazy.length + 1000);
    await fs.writeFile(bundle, source);
    const loaded = loadBundle(bundle, eager, hostRequire);
    expect(loaded.cacheUsed).toBe(true);
    expect((loaded.exports as { unused(a: number): number }).unused(0)).toBeGreaterThan(0);
  });

  it("without a shipped cache, writes the user's once and uses it from then on", async () => {
    const userDir = path.join(dir, "user");
    const options = { bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir };
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(false);
    const written = path.join(userDir, cacheFileName("abc"));
    expect(readCache(written)?.length).toBeGreaterThan(0);
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(true);
    expect((await fs.readdir(userDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("uses a shipped cache and then writes nothing", async () => {
    const userDir = path.join(dir, "user");
    await fs.writeFile(path.join(path.dirname(bundle), cacheFileName("abc")), loadBundle(bundle, undefined, hostRequire).createCache());
    expect(loadWithCodeCache({ bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir }).loaded.cacheUsed).toBe(true);
    await expect(fs.access(userDir)).rejects.toThrow();
  });

  it("takes a second bundle's shipped cache by its key, not the full bundle's", async () => {
    const readBundle = path.join(path.dirname(bundle), "read.cjs");
    await fs.writeFile(readBundle, "exports.read = function read() { return 'read'; };\n");
    const userDir = path.join(dir, "user");
    const shipped = path.dirname(bundle);
    // The full bundle's cache beside it does not fit this source; the keyed one does.
    await fs.writeFile(path.join(shipped, cacheFileName("abc")), loadBundle(bundle, undefined, hostRequire).createCache());
    const options = { bundle: readBundle, bundleHash: "abc", bundleKey: "bundle-read", shippedDir: shipped, hostRequire, userDir };
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(false);
    await fs.writeFile(path.join(shipped, cacheFileName("abc", "bundle-read")), loadBundle(readBundle, undefined, hostRequire).createCache());
    await fs.rm(userDir, { recursive: true, force: true });
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(true);
    expect(cacheFileName("abc", "bundle-read")).not.toBe(cacheFileName("abc"));
  });

  it("replaces a shipped cache V8 rejects with the user's", async () => {
    const userDir = path.join(dir, "user");
    await fs.writeFile(path.join(path.dirname(bundle), cacheFileName("abc")), Buffer.from("not bytecode"));
    const options = { bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir };
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(false);
    expect(loadWithCodeCache(options).loaded.cacheUsed).toBe(true);
  });

  describe("a command's own cache", () => {
    const command = "module-list";
    beforeEach(async () => {
      await fs.appendFile(bundle, `exports.run = function run(a) { ${"a = a * 3 + 1; ".repeat(300)} return a; };\n`);
      // A build cache that fits: a command still leaves it aside, to learn what it runs.
      await fs.writeFile(path.join(path.dirname(bundle), cacheFileName("abc")), (await compilingEagerly(() => loadBundle(bundle, undefined, hostRequire))).createCache());
    });

    it("is made after the first run, holds what that run compiled, and serves the next run", async () => {
      const userDir = path.join(dir, "user");
      const options = { bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir, command };
      const first = loadWithCodeCache(options);
      expect(first.loaded.cacheUsed).toBe(false);
      expect((first.loaded.exports as { run(a: number): number }).run(1)).toBeGreaterThan(1);
      expect(first.saveCache).toBeDefined();
      first.saveCache?.();
      const own = readOwnCache(path.join(userDir, cacheFileName("abc", command)));
      // The same functions, loaded but not run, make a smaller cache (another source: V8 reuses what it compiled).
      await fs.appendFile(bundle, "// another source\n");
      const notRun = loadBundle(bundle, undefined, hostRequire).createCache();
      expect(own?.length).toBeGreaterThan(notRun.length + 500);
      await fs.writeFile(bundle, (await fs.readFile(bundle, "utf8")).replace("// another source\n", ""));
      const next = loadWithCodeCache(options);
      expect(next.loaded.cacheUsed).toBe(true);
      expect(next.saveCache).toBeUndefined();
      const other = loadWithCodeCache({ ...options, command: "module-search" });
      expect(other.loaded.cacheUsed).toBe(false);
      expect(other.saveCache).toBeDefined();
    });

    it("without a directory it may write, the build's cache serves and nothing is saved", async () => {
      const blocked = path.join(dir, "file");
      await fs.writeFile(blocked, "");
      const load = loadWithCodeCache({ bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir: path.join(blocked, "sub"), command });
      expect(load.loaded.cacheUsed).toBe(true);
      expect(load.saveCache).toBeUndefined();
    });

    it("saving one removes the caches other builds wrote over a week ago, and nothing else", async () => {
      const userDir = path.join(dir, "user");
      await fs.mkdir(userDir);
      const old = cacheFileName("oldbuild", command);
      await fs.writeFile(path.join(userDir, old), "old bytecode");
      const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
      await fs.utimes(path.join(userDir, old), weekAgo, weekAgo);
      const sideBySide = cacheFileName("otherbuild", command);
      await fs.writeFile(path.join(userDir, sideBySide), "another build in use");
      await fs.writeFile(path.join(userDir, "notes.txt"), "mine");
      await fs.writeFile(path.join(userDir, cacheFileName("abc", "module-search")), "this build's");
      loadWithCodeCache({ bundle, bundleHash: "abc", shippedDir: path.dirname(bundle), hostRequire, userDir, command }).saveCache?.();
      expect((await fs.readdir(userDir)).sort()).toEqual([cacheFileName("abc", "module-search"), cacheFileName("abc", command), sideBySide, "notes.txt"].sort());
    });
  });

  it("reads a user's cache only when this user wrote it and no one else may change it", async () => {
    const file = path.join(dir, "own.cache");
    expect(writeCacheQuietly(file, Buffer.from("bytecode"))).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(readOwnCache(file)?.toString()).toBe("bytecode");
    await fs.chmod(file, 0o666);
    expect(readOwnCache(file)).toBeUndefined();
    await fs.chmod(file, 0o644);
    expect(readOwnCache(file)?.toString()).toBe("bytecode");
    if (process.getuid?.() === 0) {
      await fs.chown(file, 65534, 65534);
      expect(readOwnCache(file)).toBeUndefined();
    }
  });

  it("a cache that cannot be written is no error", async () => {
    const blocked = path.join(dir, "file");
    await fs.writeFile(blocked, "");
    expect(writeCacheQuietly(path.join(blocked, "sub", "x.cache"), Buffer.from("x"))).toBe(false);
    expect(loadWithCodeCache({ bundle, bundleHash: "abc", shippedDir: dir, hostRequire, userDir: path.join(blocked, "sub") }).loaded.cacheUsed).toBe(false);
  });

  it("finds the user's directory as the CLI finds its cache, and only an absolute one", () => {
    expect(userCacheDir({ PROSODY_MANAGER_CACHE: "/var/cache/pm", XDG_CACHE_HOME: "/x", HOME: "/home/a" })).toBe("/var/cache/pm/code-cache");
    expect(userCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/home/a" })).toBe("/x/prosody-manager/code-cache");
    expect(userCacheDir({ HOME: "/home/a" })).toBe("/home/a/.cache/prosody-manager/code-cache");
    expect(userCacheDir({ XDG_CACHE_HOME: "relative" })).toBeUndefined();
    expect(userCacheDir({})).toBeUndefined();
  });

  it("names the cache by the bundle's hash, this V8 and the command", () => {
    expect(cacheFileName("abc")).toContain("abc");
    expect(cacheFileName("abc")).toContain(process.versions.v8);
    expect(cacheFileName("abc")).not.toBe(cacheFileName("abd"));
    expect(cacheFileName("abc", "module-list")).not.toBe(cacheFileName("abc"));
    expect(cacheFileName("abc", "module-list")).not.toBe(cacheFileName("abc", "module-search"));
  });
});
