import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, repoRoot, runProgram, type Sandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

// The built CLI is a directory (a launcher, the bundle and its code cache): scripts/install.sh puts it under a prefix
// with a symlink on PATH, and the symlinked command must still find the bundle.
describe("scripts/install.sh", () => {
  let sandbox: Sandbox;
  let prefix: string;
  beforeAll(async () => {
    sandbox = await makeSandbox({ communityUrl: communityRepo });
    prefix = path.join(sandbox.root, "prefix");
  });
  afterAll(() => sandbox.cleanup());

  const env = (): Record<string, string> => ({ PATH: `${path.join(prefix, "bin")}:${process.env.PATH ?? ""}`, HOME: sandbox.root, NO_COLOR: "1" });

  it("installs a command that runs through its symlink, and installs again over itself", async () => {
    for (let round = 0; round < 2; round++) {
      const install = await runProgram("bash", [path.join(repoRoot, "scripts", "install.sh"), prefix], { env: env() });
      expect(install.code, install.stderr).toBe(0);
    }
    expect((await fs.lstat(path.join(prefix, "bin", "prosody-manager"))).isSymbolicLink()).toBe(true);
    expect(await fs.readdir(path.join(prefix, "lib"))).toEqual(["prosody-manager"]);
    // The launcher answers --version by itself and loads a bundle for the rest: it stays a few kilobytes.
    expect((await fs.stat(path.join(prefix, "lib", "prosody-manager", "prosody-manager.js"))).size).toBeLessThan(9 * 1024);
    const version = await runProgram("prosody-manager", ["--version"], { env: env() });
    expect(version.stdout).toMatch(/^prosody-manager \d+\.\d+\.\d+ /);
    // The launcher finds the bundle relative to the real file, not the symlink.
    const search = await runProgram("prosody-manager", [...sandbox.flags(), "module", "search", "pastebin"], { env: env() });
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toMatch(/mod_pastebin/);
    // Through the launcher, the bundle does not also run itself as a main module.
    expect(search.stdout.match(/module\(s\); \* = installed/g)).toHaveLength(1);
  });

  it("the bundle run as a file of its own runs the CLI once, for stack traces mapped to src/", async () => {
    const bundle = path.join(prefix, "lib", "prosody-manager", "lib", "prosody-manager.cjs");
    const run = await runProgram(process.execPath, ["--enable-source-maps", bundle, ...sandbox.flags(), "module", "search", "pastebin"], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/module\(s\); \* = installed/g)).toHaveLength(1);
  });

  it("each command leaves its own code cache after its first run and runs with it from then on", async () => {
    const userCache = path.join(sandbox.root, ".cache", "prosody-manager", "code-cache");
    await fs.rm(userCache, { recursive: true, force: true });
    const search = [...sandbox.flags(), "module", "search", "pastebin"];
    const first = await runProgram("prosody-manager", search, { env: env() });
    expect(first.code, first.stderr).toBe(0);
    const [own, ...more] = await fs.readdir(userCache);
    expect(more).toEqual([]);
    expect(own).toMatch(/-module-search\.cache$/);
    const made = await fs.stat(path.join(userCache, own as string));
    expect(made.mode & 0o777).toBe(0o600);
    const again = await runProgram("prosody-manager", search, { env: env() });
    expect(again.stdout).toBe(first.stdout);
    // Used, not made again: a new cache would be a new file renamed over it.
    expect((await fs.stat(path.join(userCache, own as string))).ino).toBe(made.ino);
    expect((await runProgram("prosody-manager", [...sandbox.flags(), "module", "info", "mod_pastebin"], { env: env() })).code).toBe(0);
    expect((await fs.readdir(userCache)).sort()).toEqual([own, (own as string).replace("module-search", "module-info")].sort());
  });

  it("without a cache directory it may write, runs with the shipped cache; without that, help makes the user's", async () => {
    const blocked = path.join(sandbox.root, "not-a-directory");
    await fs.writeFile(blocked, "");
    const noHome = await runProgram("prosody-manager", [...sandbox.flags(), "module", "search", "pastebin"], { env: { ...env(), HOME: path.join(blocked, "home") } });
    expect(noHome.code, noHome.stderr).toBe(0);
    expect(noHome.stdout).toMatch(/mod_pastebin/);

    const userCache = path.join(sandbox.root, ".cache", "prosody-manager", "code-cache");
    await fs.rm(userCache, { recursive: true, force: true });
    const lib = path.join(prefix, "lib", "prosody-manager", "lib");
    // One for each bundle: the full one (help runs from it) and the read commands' one.
    const shipped = (await fs.readdir(lib)).filter((name) => name.endsWith(".cache"));
    expect(shipped).toHaveLength(2);
    const full = shipped.filter((name) => !name.endsWith("-bundle-read.cache"));
    expect(full).toHaveLength(1);
    await fs.rm(path.join(lib, full[0] as string));
    try {
      for (let round = 0; round < 2; round++) {
        const help = await runProgram("prosody-manager", ["--help"], { env: env() });
        expect(help.code, help.stderr).toBe(0);
        expect(await fs.readdir(userCache)).toEqual(full);
      }
    } finally {
      const install = await runProgram("bash", [path.join(repoRoot, "scripts", "install.sh"), prefix], { env: env() });
      expect(install.code, install.stderr).toBe(0);
    }
  });

  it("a broken installation says so in one line, naming the bundle the command runs from", async () => {
    const lib = path.join(prefix, "lib", "prosody-manager", "lib");
    const search = [...sandbox.flags(), "module", "search", "pastebin"];
    try {
      // The read commands and the sync run from their own bundle: without the full one, they still run and verify cannot.
      await fs.rm(path.join(lib, "prosody-manager.cjs"));
      expect((await runProgram("prosody-manager", search, { env: env() })).code).toBe(0);
      expect((await runProgram("prosody-manager", [...sandbox.flags(), "module", "sync"], { env: env() })).code).toBe(0);
      const verify = await runProgram("prosody-manager", [...sandbox.flags(), "module", "verify"], { env: env() });
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(/^prosody-manager: cannot load .*\/prosody-manager\.cjs: ENOENT\nhint: /);
      expect(verify.stderr).not.toMatch(/\n\s+at /);
      await fs.rm(path.join(lib, "prosody-manager-read.cjs"));
      const run = await runProgram("prosody-manager", search, { env: env() });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^prosody-manager: cannot load .*\/prosody-manager-read\.cjs: ENOENT\nhint: /);
      // --version needs no bundle.
      expect((await runProgram("prosody-manager", ["--version"], { env: env() })).code).toBe(0);
    } finally {
      const install = await runProgram("bash", [path.join(repoRoot, "scripts", "install.sh"), prefix], { env: env() });
      expect(install.code, install.stderr).toBe(0);
    }
  });
});
