import { promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSandbox, parseJson, snapshotTree, type Sandbox } from "../helpers/cli.js";
import { communityRepo, loadHistory } from "../helpers/fixture-paths.js";
import { startHgServe } from "../helpers/hg-serve.js";
import { serveDroppingConnection } from "../helpers/http-server.js";

describe("community repository over HTTP (hg serve on 127.0.0.1)", () => {
  let server: Awaited<ReturnType<typeof startHgServe>>;
  let sandbox: Sandbox;
  beforeAll(async () => {
    server = await startHgServe(communityRepo);
    sandbox = await makeSandbox({ communityUrl: server.url });
  });
  afterAll(async () => {
    await sandbox.cleanup();
    await server.close();
  });

  it("clones, indexes and installs from the served repository", async () => {
    const history = await loadHistory();
    const sync = parseJson<{ community: { revision: string; modules: number } }>(await sandbox.run(["module", "sync", "--json"]));
    expect(sync.community.revision).toBe(history.revisions[history.revisions.length - 1]?.short);
    expect(sync.community.modules).toBe(history.modules.length);
    const install = await sandbox.run(["module", "install", "mod_cloud_notify"]);
    expect(install.code).toBe(0);
    await fs.access(path.join(sandbox.communityDir, "mod_cloud_notify", "mod_cloud_notify.lua"));
    const again = parseJson<{ sources: { ok: boolean; detail: string }[] }>(await sandbox.run(["module", "sync", "--json"]));
    expect(again.sources[0]).toMatchObject({ ok: true, detail: expect.stringMatching(/already up to date/) });
  });

  it("a server that drops the connection mid-transfer fails the pull and keeps the cache", async () => {
    // A pull, not a first clone: the cache exists whether or not the test above ran first.
    expect((await sandbox.run(["module", "sync"])).code).toBe(0);
    const fake = await serveDroppingConnection();
    try {
      const before = await snapshotTree(path.join(sandbox.cacheDir, "community"));
      const run = await sandbox.run(["--community-url", fake.url, "module", "sync"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/could not pull from/);
      expect(await snapshotTree(path.join(sandbox.cacheDir, "community"))).toEqual(before);
    } finally {
      await fake.close();
    }
  });

  it("a URL that answers a web page, not a repository, says so in one line, with what it answered", async () => {
    const page = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html><body>Welcome to our XMPP server</body></html>\n");
    });
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    const fresh = await makeSandbox({ communityUrl: url });
    try {
      const run = await fresh.run(["module", "sync"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`could not clone ${url}: abort: '${url}' does not appear to be an hg repository (it answered text/html)`);
      expect(run.stderr).toMatch(/hint: the community URL must be a Mercurial repository/);
      expect(run.stderr).not.toContain("Welcome");
    } finally {
      await fresh.cleanup();
      page.closeAllConnections();
      await new Promise<void>((resolve) => page.close(() => resolve()));
    }
  });
});
