import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communityRepo, ensureFixture, loadHistory } from "../helpers/fixture-paths.js";
import { startHgServe } from "../helpers/hg-serve.js";
import { type RunningServer, serveDirectory, serveDroppingConnection } from "../helpers/http-server.js";
import { startProsodyOn, writeProsodyConfig } from "../helpers/prosody.js";
import { haveTools } from "../helpers/requirements.js";

const run = promisify(execFile);

/** A raw request: fetch() would normalise the path before a traversal attempt reached the server. */
function rawGet(url: string, rawPath: string, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const request = http.request({ hostname, port, path: rawPath, method }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("serveDirectory", () => {
  let root: string;
  let server: RunningServer;
  beforeAll(async () => {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), "fixture-serve-"));
    root = path.join(parent, "served");
    await fs.mkdir(path.join(root, "sub"), { recursive: true });
    await fs.writeFile(path.join(root, "manifest"), "repository = {}\n");
    await fs.writeFile(path.join(root, "sub", "index.html"), "<p>index</p>");
    await fs.writeFile(path.join(parent, "secret"), "outside");
    server = await serveDirectory(root);
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(path.dirname(root), { recursive: true, force: true });
  });

  it("serves files on 127.0.0.1 with a Last-Modified date, and index.html for a directory", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(`${server.url}manifest`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("repository = {}\n");
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    expect(await (await fetch(`${server.url}sub/`)).text()).toBe("<p>index</p>");
    expect((await fetch(`${server.url}missing`)).status).toBe(404);
  });

  it("answers HEAD without a body", async () => {
    const head = await rawGet(server.url, "/manifest", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("16");
    expect(head.body).toBe("");
  });

  it("refuses paths that leave the directory", async () => {
    for (const attempt of ["/..%2fsecret", "/sub/..%2f..%2fsecret", "/%2e%2e%2fsecret", "/..%5csecret"]) {
      const response = await rawGet(server.url, attempt);
      expect([403, 404], attempt).toContain(response.status);
      expect(response.body, attempt).not.toContain("outside");
    }
    expect((await rawGet(server.url, "/..%2fsecret")).status).toBe(403);
    expect((await rawGet(server.url, "/%E0%A4%A")).status).toBe(400);
  });

  it("leaves Last-Modified out on request", async () => {
    const plain = await serveDirectory(root, { lastModified: false });
    try {
      expect((await fetch(`${plain.url}manifest`)).headers.get("last-modified")).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe("serveDroppingConnection (fault injector)", () => {
  it("breaks the transfer after the headers", async () => {
    const fake = await serveDroppingConnection();
    try {
      const response = await fetch(fake.url);
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer()).rejects.toThrow();
    } finally {
      await fake.close();
    }
  });
});

describe("startHgServe", () => {
  beforeAll(async () => {
    await ensureFixture();
  }, 300_000);

  it("serves the fixture repository to a real hg clone, and stops on close", async () => {
    const history = await loadHistory();
    const server = await startHgServe(communityRepo);
    const dest = await fs.mkdtemp(path.join(os.tmpdir(), "fixture-clone-"));
    try {
      await run("hg", ["clone", "-q", server.url, path.join(dest, "clone")], { env: { ...process.env, HGRCPATH: "" } });
      const { stdout } = await run("hg", ["log", "-R", path.join(dest, "clone"), "-r", "tip", "--template", "{node}"]);
      expect(stdout).toBe(history.revisions[history.revisions.length - 1]?.node);
    } finally {
      await server.close();
      await fs.rm(dest, { recursive: true, force: true });
    }
    await expect(fetch(server.url)).rejects.toThrow();
  }, 60_000);
});

describe.runIf(haveTools("prosody", "prosodyctl"))("startProsodyOn", () => {
  it("moves to new ports when another process holds one, and serves HTTP on the new one", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fixture-prosody-"));
    await fs.writeFile(path.join(dir, "hello.txt"), "hello from the sandbox\n");
    const files = await writeProsodyConfig(dir, { pluginPaths: [], modulesEnabled: ["http_files"], extra: [`http_files_dir = ${JSON.stringify(dir)}`] });
    const taken = Number(/^http_ports = \{ (\d+) \}$/m.exec(await fs.readFile(files.configPath, "utf8"))?.[1]);
    // Stands in for whatever process grabs a "free" port before Prosody binds it.
    const holder = net.createServer((socket) => socket.end("HTTP/1.1 418 I'm a teapot\r\ncontent-length: 0\r\n\r\n"));
    await new Promise<void>((resolve, reject) => holder.once("error", reject).listen(taken, "127.0.0.1", resolve));
    const prosody = await startProsodyOn(files, dir).finally(() => new Promise((resolve) => holder.close(resolve)));
    try {
      expect(await fs.readFile(files.configPath, "utf8")).not.toMatch(new RegExp(`^http_ports = \\{ ${taken} \\}$`, "m"));
      expect(await prosody.log()).not.toMatch(/Failed to open server port/);
      expect(await prosody.httpGet("/files/hello.txt")).toMatchObject({ status: 200, body: "hello from the sandbox\n" });
    } finally {
      await prosody.stop();
    }
  }, 120_000);
});
