import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DigestMemo } from "../../src/system/digest-memo.js";
import { hashTree } from "../../src/system/tree-hash.js";

// The memo on real files: what a digest is remembered by (size, inode, times) and when it must be computed again.
describe("digest memo", () => {
  let dir: string;
  let memoFile: string;
  let tree: string;
  /** Files written now settle only later: runs are simulated a minute on, as the memo's clock is passed in. */
  const later = (): number => Date.now() + 60_000;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-digest-memo-"));
    memoFile = path.join(dir, "cache", "digests.json");
    tree = path.join(dir, "mod_x");
    await fs.mkdir(path.join(tree, "lib"), { recursive: true });
    await fs.writeFile(path.join(tree, "mod_x.lua"), "module:log('info', 'one')\n");
    await fs.writeFile(path.join(tree, "lib", "util.lua"), "return {}\n");
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  /** hashTree through a memo opened as a new run would, with the number of trees it actually read. */
  async function run(nowMs = later()): Promise<{ hash: string; computed: number }> {
    const memo = DigestMemo.open(memoFile, nowMs);
    let computed = 0;
    const counting = {
      remembered: (key: string, compute: Parameters<DigestMemo["remembered"]>[1]) =>
        memo.remembered(key, async () => {
          computed++;
          return compute();
        }),
    } as unknown as DigestMemo;
    const hash = await hashTree(tree, counting);
    memo.save();
    return { hash, computed };
  }

  it("gives the hash hashTree gives, and a later run takes it from the memo without reading the tree", async () => {
    const exact = await hashTree(tree);
    expect(await run()).toEqual({ hash: exact, computed: 1 });
    expect(await run()).toEqual({ hash: exact, computed: 0 });
    expect((await fs.stat(memoFile)).mode & 0o777).toBe(0o600);
  });

  it("an edit of the same size, a new file, a deleted file or a chmod is hashed again", async () => {
    await run();
    const edits: (() => Promise<void>)[] = [
      () => fs.writeFile(path.join(tree, "mod_x.lua"), "module:log('info', 'two')\n"),
      () => fs.writeFile(path.join(tree, "lib", "new.lua"), ""),
      () => fs.rm(path.join(tree, "lib", "new.lua")),
      () => fs.chmod(path.join(tree, "lib", "util.lua"), 0o600),
      // The tree is not listed while it looks the same: a directory's times tell an entry added in it, an empty one too.
      () => fs.mkdir(path.join(tree, "lib", "empty")),
      () => fs.writeFile(path.join(tree, "lib", "empty", "late.lua"), "return 1\n"),
      () => fs.rename(path.join(tree, "lib", "empty", "late.lua"), path.join(tree, "lib", "empty", "renamed.lua")),
    ];
    for (const edit of edits) {
      await edit();
      const { hash, computed } = await run();
      expect(computed).toBe(1);
      expect(hash).toBe(await hashTree(tree));
      expect((await run()).computed).toBe(0);
    }
  });

  it("remembers nothing of files that changed within the last seconds: the same tick could hide the next change", async () => {
    expect((await run(Date.now())).computed).toBe(1);
    expect((await run(Date.now())).computed).toBe(1);
    await expect(fs.access(memoFile)).rejects.toThrow();
  });

  it("believes only a memo this user owns and no one else may write", async () => {
    await run();
    await fs.chmod(memoFile, 0o666);
    expect((await run()).computed).toBe(1);
    await fs.chmod(memoFile, 0o600);
    expect((await run()).computed).toBe(0);
    if (process.getuid?.() === 0) {
      await fs.chown(memoFile, 65534, 65534);
      expect((await run()).computed).toBe(1);
    }
  });

  it("a damaged memo counts as empty and is replaced", async () => {
    await fs.mkdir(path.dirname(memoFile), { recursive: true });
    await fs.writeFile(memoFile, "{not json", { mode: 0o600 });
    expect((await run()).computed).toBe(1);
    expect((await run()).computed).toBe(0);
  });

  it("an input that is missing is part of what is remembered; one that is no plain file never is", async () => {
    const memo = DigestMemo.open(memoFile, later());
    const absent = [{ label: "gone", file: path.join(dir, "gone.lua") }];
    let computed = 0;
    const count = async (): Promise<string> => String(++computed);
    expect(await memo.digest("k", absent, count)).toBe("1");
    expect(await memo.digest("k", absent, count)).toBe("1");
    await fs.writeFile(absent[0]?.file ?? "", "now here");
    expect(await memo.digest("k", absent, count)).toBe("2");
    const link = path.join(dir, "link.lua");
    await fs.symlink(path.join(tree, "mod_x.lua"), link);
    const linked = [{ label: "link", file: link }];
    expect(await memo.digest("l", linked, count)).toBe("3");
    expect(await memo.digest("l", linked, count)).toBe("4");
  });

  it("counts a path through a file as missing, not as an error", async () => {
    const memo = DigestMemo.open(memoFile, later());
    const through = [{ label: "through", file: path.join(tree, "mod_x.lua", "inner"), kind: "dir" as const }];
    let computed = 0;
    const count = async (): Promise<string> => String(++computed);
    expect(await memo.digest("t", through, count)).toBe("1");
    expect(await memo.digest("t", through, count)).toBe("1");
  });

  it("forgets what no run used for a month", async () => {
    const month = 31 * 24 * 60 * 60 * 1000;
    const first = DigestMemo.open(memoFile, later());
    await first.digest("old", [{ label: "a", file: path.join(tree, "mod_x.lua") }], async () => "a");
    first.save();
    const next = DigestMemo.open(memoFile, later() + month);
    await next.digest("new", [{ label: "b", file: path.join(tree, "lib", "util.lua") }], async () => "b");
    next.save();
    const entries = Object.keys((JSON.parse(await fs.readFile(memoFile, "utf8")) as { entries: object }).entries);
    expect(entries).toEqual(["new"]);
  });

  it("remembers a value with the inputs its computation named: files through links, directories, missing files", async () => {
    const conf = path.join(dir, "conf");
    await fs.mkdir(path.join(conf, "conf.d"), { recursive: true });
    await fs.writeFile(path.join(conf, "main.cfg.lua"), "Include 'conf.d/*.cfg.lua'\n");
    await fs.symlink(path.join(conf, "main.cfg.lua"), path.join(conf, "prosody.cfg.lua"));
    const inputs = [
      { label: "config", file: path.join(conf, "prosody.cfg.lua"), kind: "followed" as const },
      { label: "include-dir", file: path.join(conf, "conf.d"), kind: "dir" as const },
      { label: "include", file: path.join(conf, "extra.cfg.lua"), kind: "followed" as const },
    ];
    let computed = 0;
    const value = async (): Promise<string> => {
      const memo = DigestMemo.open(memoFile, later());
      const answer = await memo.remembered("config", async () => ({ value: `v${++computed}`, inputs }));
      memo.save();
      return answer;
    };
    expect(await value()).toBe("v1");
    expect(await value()).toBe("v1");
    const changes: (() => Promise<void>)[] = [
      () => fs.appendFile(path.join(conf, "main.cfg.lua"), "plugin_paths = { '/srv' }\n"),
      () => fs.writeFile(path.join(conf, "conf.d", "host.cfg.lua"), "VirtualHost 'x'\n"),
      () => fs.writeFile(path.join(conf, "extra.cfg.lua"), ""),
      async () => {
        await fs.writeFile(path.join(conf, "other.cfg.lua"), "");
        await fs.rm(path.join(conf, "prosody.cfg.lua"));
        await fs.symlink(path.join(conf, "other.cfg.lua"), path.join(conf, "prosody.cfg.lua"));
      },
    ];
    for (const [index, change] of changes.entries()) {
      await change();
      expect(await value()).toBe(`v${index + 2}`);
      expect(await value()).toBe(`v${index + 2}`);
    }
    // A directory where a file was named is not remembered.
    const memo = DigestMemo.open(memoFile, later());
    const wrong = [{ label: "config", file: conf, kind: "followed" as const }];
    expect(await memo.remembered("wrong", async () => ({ value: "a", inputs: wrong }))).toBe("a");
    expect(await memo.remembered("wrong", async () => ({ value: "b", inputs: wrong }))).toBe("b");
  });
});
