import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PullCheckOptions, parseHeadsReply, tipWithNothingToPull } from "../../src/sources/community/pull-check.js";
import { type HgRepo, hgRepo } from "../helpers/hg-repo.js";
import { type HgServer, startHgServe } from "../helpers/hg-serve.js";
import { serveDirectory, type RunningServer } from "../helpers/http-server.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

const scratch = scratchDirs("pm-pull-check-");
const options = { env: {}, idleMs: 5_000 };

/** Whether the check says nothing is to be pulled; when it does, the tip it answers must be the clone's, as hg says. */
async function nothingToPull(clone: string, source: string, given: PullCheckOptions): Promise<boolean> {
  const tip = await tipWithNothingToPull(clone, source, given);
  if (tip !== undefined) expect(tip).toBe(execFileSync("hg", ["log", "-R", clone, "-r", "tip", "--template", "{node}"], { encoding: "utf8" }));
  return tip !== undefined;
}

/** An upstream with two changesets, and a clone of it (what the cache holds), both by real hg. */
async function upstreamAndClone(): Promise<{ upstream: HgRepo; clone: string }> {
  const upstream = hgRepo(scratch());
  upstream.hg("init");
  await upstream.write("mod_a/mod_a.lua", "-- a\n");
  upstream.commit("first");
  await upstream.write("mod_b/mod_b.lua", "-- b\n");
  upstream.commit("second");
  const clone = path.join(scratch(), "clone");
  upstream.hg("clone", "--quiet", upstream.dir, clone);
  return { upstream, clone };
}

/** What `hg pull` itself says: the truth the check must never contradict by answering true. */
function hgFindsNothing(clone: string, source: string): boolean {
  const out = execFileSync("hg", ["incoming", "--quiet", "-R", clone, "--template", "{node}\\n", "--", source], { encoding: "utf8", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" }, stdio: ["ignore", "pipe", "ignore"] }).trim();
  return out === "";
}

describe("nothingToPull from a repository on this machine", () => {
  it("is true when the clone holds every head, and false once upstream has a new changeset or a second head", async () => {
    const { upstream, clone } = await upstreamAndClone();
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(true);
    expect(await nothingToPull(clone, pathToFileURL(upstream.dir).href, options)).toBe(true);

    await upstream.write("mod_a/mod_a.lua", "-- a, changed\n");
    upstream.commit("third");
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(false);
    upstream.hg("pull", "--quiet", "-R", clone, upstream.dir);
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(true);

    // A second head on an older changeset: the tip is known, the new head is not.
    upstream.hg("update", "--quiet", "-r", "0");
    await upstream.write("mod_c/mod_c.lua", "-- c\n");
    upstream.commit("a branch");
    expect(hgFindsNothing(clone, upstream.dir)).toBe(false);
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(false);
  });

  it("is false whenever the answer would need hg: a relative path, no repository, an unknown format, obsolescence markers", async () => {
    const { upstream, clone } = await upstreamAndClone();
    expect(await nothingToPull(clone, path.relative(process.cwd(), upstream.dir), options)).toBe(false);
    expect(await nothingToPull(clone, scratch(), options)).toBe(false);
    expect(await nothingToPull(clone, "ssh://example.org/repo", options)).toBe(false);

    const requires = path.join(upstream.dir, ".hg", "requires");
    const original = await fs.readFile(requires, "utf8");
    await fs.writeFile(requires, `${original}exp-some-new-format\n`);
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(false);
    await fs.writeFile(requires, original);

    await fs.writeFile(path.join(clone, ".hg", "store", "obsstore"), "\x01");
    expect(await nothingToPull(clone, upstream.dir, options)).toBe(false);
  });

  it("is false for an empty upstream", async () => {
    const { clone } = await upstreamAndClone();
    const empty = hgRepo(scratch());
    empty.hg("init");
    expect(await nothingToPull(clone, empty.dir, options)).toBe(false);
  });
});

describe("nothingToPull from hg serve", () => {
  let repos: { upstream: HgRepo; clone: string };
  let served: HgServer;
  let plain: RunningServer;
  beforeAll(async () => {
    repos = await upstreamAndClone();
    served = await startHgServe(repos.upstream.dir);
    plain = await serveDirectory(repos.upstream.dir);
  });
  afterAll(async () => {
    await served?.close();
    await plain?.close();
  });

  it("asks the server for its heads: true when the clone holds them, false after a new changeset", async () => {
    expect(await nothingToPull(repos.clone, served.url, options)).toBe(true);
    expect(await nothingToPull(repos.clone, served.url.replace(/\/$/, ""), options)).toBe(true);
    await repos.upstream.write("mod_b/mod_b.lua", "-- b, changed\n");
    repos.upstream.commit("served change");
    expect(hgFindsNothing(repos.clone, served.url)).toBe(false);
    expect(await nothingToPull(repos.clone, served.url, options)).toBe(false);
    repos.upstream.hg("pull", "--quiet", "-R", repos.clone, served.url);
    expect(await nothingToPull(repos.clone, served.url, options)).toBe(true);
  });

  it("leaves to hg what it cannot do as hg would: a proxy, credentials, a fragment or query, a server that is not hgweb", async () => {
    expect(await nothingToPull(repos.clone, served.url, { ...options, env: { https_proxy: "http://proxy.invalid:3128" } })).toBe(false);
    expect(await nothingToPull(repos.clone, served.url.replace("http://", "http://user:secret@"), options)).toBe(false);
    expect(await nothingToPull(repos.clone, `${served.url}#default`, options)).toBe(false);
    expect(await nothingToPull(repos.clone, `${served.url}?style=raw`, options)).toBe(false);
    expect(await nothingToPull(repos.clone, plain.url, options)).toBe(false);
  });
});

describe("parseHeadsReply", () => {
  const a = "a".repeat(40);
  const b = "0123456789abcdef0123456789abcdef01234567";
  it("reads hg's answer: hashes separated by spaces, ending with a newline", () => {
    expect(parseHeadsReply(`${a}\n`)?.map((node) => Buffer.from(node).toString("hex"))).toEqual([a]);
    expect(parseHeadsReply(`${a} ${b}\n`)?.map((node) => Buffer.from(node).toString("hex"))).toEqual([a, b]);
  });
  it("refuses anything else", () => {
    for (const text of ["", "\n", `${a.toUpperCase()}\n`, `${a}  ${b}\n`, `${a}\n${b}\n`, "<html>", `${a.slice(1)}\n`, `${a} \n`]) expect(parseHeadsReply(text)).toBeUndefined();
  });
});
