import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveDirectory, resolveRevision } from "../../src/sources/community/hg.js";
import { scanModuleTree } from "../../src/sources/community/scan.js";
import { readRegularFile, readRegularTextSync } from "../../src/system/safe-tree.js";
import { hashTree } from "../../src/system/tree-hash.js";

const SECRET = "TOP-SECRET-CONTENT";
let root: string;
let repo: string;
let secretFile: string;

function hg(...args: string[]): string {
  return execFileSync("hg", ["--config", "ui.username=test <test@example.org>", ...args], { cwd: repo, env: { ...process.env, HGPLAIN: "1" } }).toString();
}

/** A real Mercurial repository whose modules hold the links a hostile source could commit. */
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-tree-"));
  repo = path.join(root, "repo");
  secretFile = path.join(root, "secret");
  await fs.writeFile(secretFile, `${SECRET}\n`);
  await fs.mkdir(repo);
  execFileSync("hg", ["init", repo]);
  const files: Record<string, string> = {
    "mod_ok/mod_ok.lua": 'module:depends("http")\n',
    "mod_ok/README.md": "---\nsummary: fine\n---\n\nA fine module.\n",
    "mod_file_link/mod_file_link.lua": "-- code\n",
    "mod_dir_link/mod_dir_link.lua": "-- code\n",
    "mod_zero/mod_zero.lua": "-- code\n",
  };
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.join(repo, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(repo, file), text);
  }
  await fs.symlink(secretFile, path.join(repo, "mod_file_link/README.md"));
  await fs.symlink("/etc", path.join(repo, "mod_dir_link/templates"));
  await fs.symlink("/dev/zero", path.join(repo, "mod_zero/README.md"));
  await fs.symlink(secretFile, path.join(repo, "mod_zero/lib.lua"));
  hg("add", "-q");
  hg("commit", "-q", "-m", "hostile modules");
}, 60_000);
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe("a community repository holding links", () => {
  it("sync reads no link: links to a file, a directory and /dev/zero are reported, never read, and quickly", async () => {
    const started = Date.now();
    const modules = await scanModuleTree(repo);
    expect(Date.now() - started).toBeLessThan(5000);
    const byDir = new Map(modules.map((module) => [module.dir, module]));
    expect(byDir.get("mod_ok")?.readme?.text).toMatch(/A fine module/);
    expect(byDir.get("mod_ok")?.refused).toEqual([]);
    expect(byDir.get("mod_file_link")?.readme).toBeUndefined();
    expect(byDir.get("mod_file_link")?.refused).toEqual(["README.md: a symbolic link, ignored"]);
    expect(byDir.get("mod_dir_link")?.files).toEqual(["mod_dir_link.lua"]);
    expect(byDir.get("mod_dir_link")?.refused).toEqual(["templates: a symbolic link, ignored"]);
    expect(byDir.get("mod_zero")?.readme).toBeUndefined();
    expect(byDir.get("mod_zero")?.lua.has("lib.lua")).toBe(false);
    expect(JSON.stringify(modules)).not.toContain(SECRET);
  });

  it("install refuses to export a module holding a link, and exports a clean one", async () => {
    const tip = await resolveRevision(repo, "tip");
    expect(tip?.node).toMatch(/^[0-9a-f]{40}$/);
    const node = tip?.node ?? "";
    for (const [dir, link] of [["mod_file_link", "README.md"], ["mod_dir_link", "templates"], ["mod_zero", "README.md"]]) {
      const dest = path.join(root, `export-${dir}`);
      await expect(archiveDirectory(repo, node, dir ?? "", dest)).rejects.toThrow(new RegExp(`${dir} at revision ${node.slice(0, 12)} is unsafe: .*${link}: a symbolic link`));
    }
    expect(await archiveDirectory(repo, node, "mod_ok", path.join(root, "export-ok"))).toBe("exported");
    expect(await archiveDirectory(repo, node, "mod_absent", path.join(root, "export-absent"))).toBe("absent");
  }, 60_000);

  it("resolves revisions to real changesets only: never the working directory, never a revset", async () => {
    expect(await resolveRevision(repo, "ffffffffffff")).toBeUndefined();
    expect(await resolveRevision(repo, "2147483647")).toBeUndefined();
    expect(await resolveRevision(repo, "0+0")).toBeUndefined();
    expect(await resolveRevision(repo, "0")).toEqual(await resolveRevision(repo, "tip"));
    await expect(archiveDirectory(repo, "f".repeat(40), "mod_ok", path.join(root, "export-wdir"))).rejects.toThrow(/not a changeset hash/);
  }, 60_000);

  it("verify refuses an installed tree holding a link instead of hashing what it points to", async () => {
    await expect(hashTree(path.join(repo, "mod_file_link"))).rejects.toThrow(/README\.md: a symbolic link/);
    expect(await hashTree(path.join(repo, "mod_ok"))).toMatch(/^sha256-[0-9a-f]{64}$/);
  });
});

describe("readRegularFile", () => {
  it("refuses links, devices, FIFOs and oversized files without blocking", async () => {
    const fifo = path.join(root, "fifo");
    execFileSync("mkfifo", [fifo]);
    const big = path.join(root, "big");
    await fs.writeFile(big, Buffer.alloc(2048));
    await expect(readRegularFile(path.join(repo, "mod_file_link/README.md"))).rejects.toThrow(/a symbolic link/);
    await expect(readRegularFile("/dev/zero")).rejects.toThrow(/not a regular file/);
    await expect(readRegularFile(fifo)).rejects.toThrow(/not a regular file/);
    await expect(readRegularFile(big, 1024)).rejects.toThrow(/larger than 1 KiB/);
    expect((await readRegularFile(big, 4096)).length).toBe(2048);
  });

  it("the synchronous text reader refuses the same, and reads files larger and smaller than its last one whole", async () => {
    const fifo = path.join(root, "fifo-sync");
    execFileSync("mkfifo", [fifo]);
    const large = path.join(root, "large.txt");
    const small = path.join(root, "small.txt");
    const text = "é".repeat(100_000);
    await fs.writeFile(large, text);
    await fs.writeFile(small, "short");
    expect(() => readRegularTextSync(path.join(repo, "mod_file_link/README.md"))).toThrow(/a symbolic link/);
    expect(() => readRegularTextSync("/dev/zero")).toThrow(/not a regular file/);
    expect(() => readRegularTextSync(fifo)).toThrow(/not a regular file/);
    expect(() => readRegularTextSync(large, 1024)).toThrow(/larger than 1 KiB/);
    expect(readRegularTextSync(small)).toBe("short");
    expect(readRegularTextSync(large)).toBe(text);
    expect(readRegularTextSync(small)).toBe("short");
  });
});
