import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchBounded } from "../../src/system/http.js";
import { fetchManifest } from "../../src/sources/rocks/fetch-manifest.js";
import { limits as readLimits } from "../../src/system/limits.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";
import { startStallingServer } from "../helpers/stalling-server.js";

const MiB = 1024 * 1024;
let stalling: Awaited<ReturnType<typeof startStallingServer>>;
let big: http.Server;
let bigUrl: string;

beforeAll(async () => {
  stalling = await startStallingServer();
  // A real HTTP server: one large body without a length, one that sends headers and then stops mid-body.
  big = http.createServer((request, response) => {
    if (request.url === "/big") {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * MiB && response.write(chunk)) sent += chunk.length;
        if (sent >= 4 * MiB) response.end();
        else response.once("drain", () => {
          sent += chunk.length;
          pump();
        });
      };
      pump();
    } else if (request.url === "/half") {
      response.writeHead(200, { "content-length": "1000" });
      response.write("repository = {");
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => big.listen(0, "127.0.0.1", resolve));
  const address = big.address();
  bigUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await stalling.close();
  big.closeAllConnections();
  await new Promise((resolve) => big.close(resolve));
});

describe("fetchBounded", () => {
  it("gives up on a server that accepts and never answers (fault injection) after the idle timeout", async () => {
    const started = Date.now();
    await expect(fetchBounded(new URL(stalling.url), { idleMs: 500, maxBytes: MiB })).rejects.toThrow(/no answer for/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("gives up on a body that stops half way", async () => {
    await expect(fetchBounded(new URL(`${bigUrl}/half`), { idleMs: 500, maxBytes: MiB })).rejects.toThrow(/no answer for/);
  });

  it("refuses a body larger than the cap while reading it", async () => {
    await expect(fetchBounded(new URL(`${bigUrl}/big`), { idleMs: 5000, maxBytes: MiB })).rejects.toThrow(/larger than 1 MiB/);
    expect((await fetchBounded(new URL(`${bigUrl}/big`), { idleMs: 5000, maxBytes: 8 * MiB })).body.length).toBe(4 * MiB);
  });

  it("a stalled rocks server is one error with what to raise", async () => {
    const limits = { networkIdleMs: 500, maxDownloadBytes: MiB, maxInflatedBytes: MiB, maxSourceFileBytes: MiB };
    await expect(fetchManifest(stalling.url, "5.4", limits)).rejects.toMatchObject({
      message: expect.stringMatching(/could not fetch the rocks manifest from .*no answer for/),
      hint: expect.stringMatching(/PROSODY_MANAGER_NETWORK_TIMEOUT_MS/),
    });
  });
});

describe("fetchManifest's validators", () => {
  /** A server whose manifest-5.4 answers as `answer` says; every other file is missing. */
  async function serving(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((request, response) => (request.url === "/manifest-5.4" ? answer(request, response) : response.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    return {
      url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`,
      close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
    };
  }
  const limits = { ...readLimits({}), networkIdleMs: 5000 };

  it("keeps the ETag and Last-Modified of the file read, sends them back, and takes 304 for unchanged", async () => {
    const asked: (string | undefined)[] = [];
    const server = await serving((request, response) => {
      asked.push(request.headers["if-none-match"]);
      if (request.headers["if-none-match"] === '"v1"') response.writeHead(304).end();
      else response.writeHead(200, { etag: '"v1"', "last-modified": "Tue, 01 Dec 2026 10:00:00 GMT" }).end("repository = {}\n");
    });
    try {
      const first = await fetchManifest(server.url, "5.4", limits, undefined);
      expect(first).toEqual({ text: "repository = {}\n", file: "manifest-5.4", validators: { file: "manifest-5.4", etag: '"v1"', lastModified: "Tue, 01 Dec 2026 10:00:00 GMT" } });
      const validators = "validators" in first ? first.validators : undefined;
      expect(await fetchManifest(server.url, "5.4", limits, validators)).toEqual({ unchanged: true, file: "manifest-5.4" });
      // Validators of another file are not sent for this one.
      expect(await fetchManifest(server.url, "5.4", limits, { file: "manifest-5.4.zip", etag: '"v1"' })).toMatchObject({ file: "manifest-5.4", text: "repository = {}\n" });
      expect(asked).toEqual([undefined, '"v1"', undefined]);
    } finally {
      await server.close();
    }
  });

  it("drops validators it could not send back, and refuses a 304 it did not ask for", async () => {
    const long = await serving((_request, response) => response.writeHead(200, { etag: `"${"x".repeat(300)}"` }).end("repository = {}\n"));
    const unasked = await serving((_request, response) => response.writeHead(304).end());
    try {
      expect(await fetchManifest(long.url, "5.4", limits, undefined)).toEqual({ text: "repository = {}\n", file: "manifest-5.4" });
      await expect(fetchManifest(unasked.url, "5.4", limits)).rejects.toThrow(/manifest-5\.4: HTTP 304/);
    } finally {
      await long.close();
      await unasked.close();
    }
  });
});

describe("fetchManifest from a directory", () => {
  const scratch = scratchDirs("pm-local-manifest-");
  const limits = readLimits({});

  it("records the file's identity, reads nothing while it holds, and reads a file rewritten as it was", async () => {
    const dir = scratch();
    const file = path.join(dir, "manifest-5.4");
    await fs.writeFile(file, "repository = {}\n");
    const first = await fetchManifest(dir, "5.4", limits, undefined);
    expect(first).toMatchObject({ text: "repository = {}\n", file: "manifest-5.4", validators: { file: "manifest-5.4", identity: expect.stringMatching(/^\d+-\d+-16-\d+-\d+$/) } });
    const validators = "validators" in first ? first.validators : undefined;
    expect(await fetchManifest(dir, "5.4", limits, validators)).toEqual({ unchanged: true, file: "manifest-5.4" });
    // The same text written again (as make_manifest rewrites it) is read again: only the identity is compared.
    await fs.writeFile(`${file}.new`, "repository = {}\n");
    await fs.rename(`${file}.new`, file);
    expect(await fetchManifest(dir, "5.4", limits, validators)).toMatchObject({ text: "repository = {}\n", file: "manifest-5.4" });
    // Written in place (the same inode): its size and times tell.
    const reread = await fetchManifest(dir, "5.4", limits, undefined);
    await fs.writeFile(file, "repository = { changed = {} }\n");
    expect(reread).toMatchObject({ text: "repository = {}\n" });
    const known = "validators" in reread ? reread.validators : undefined;
    expect(await fetchManifest(dir, "5.4", limits, known)).toMatchObject({ text: "repository = { changed = {} }\n" });
  });

  it("refuses a FIFO under the manifest's name at once instead of waiting for a writer", async () => {
    const dir = scratch();
    execFileSync("mkfifo", [path.join(dir, "manifest-5.4")]);
    await expect(fetchManifest(dir, "5.4", limits)).rejects.toThrow(/not a regular file/);
  });
});

describe("fetchBounded's redirects and cut answers", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const url = request.url ?? "/";
      if (url === "/agent") response.writeHead(200).end(String(request.headers["user-agent"]));
      else if (url === "/moved") response.writeHead(302, { location: "/there" }).end("see /there");
      else if (url === "/there") response.writeHead(200, { "content-type": "text/plain", etag: '"t"' }).end("arrived");
      else if (url === "/loop") response.writeHead(301, { location: "/loop" }).end();
      else if (url === "/elsewhere") response.writeHead(307, { location: "ftp://example.org/x" }).end();
      else if (url === "/cut") {
        response.writeHead(200, { "content-length": "1000" });
        response.write("only a part");
        setTimeout(() => response.socket?.destroy(), 20);
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

  it("names itself to the server, as LuaRocks does", async () => {
    expect((await fetchBounded(new URL(`${base}/agent`), { idleMs: 5000, maxBytes: MiB })).body.toString()).toMatch(/^prosody-manager\/\d+\.\d+\.\d+$/);
  });

  it("follows a redirect to the answer and its headers", async () => {
    expect(await fetchBounded(new URL(`${base}/moved`), { idleMs: 5000, maxBytes: MiB })).toMatchObject({ status: 200, etag: '"t"', contentType: "text/plain", body: Buffer.from("arrived") });
  });

  it("ends a redirect loop, refuses a redirect to another scheme, and says when the answer was cut", async () => {
    await expect(fetchBounded(new URL(`${base}/loop`), { idleMs: 5000, maxBytes: MiB })).rejects.toThrow(/more than 20 redirects/);
    await expect(fetchBounded(new URL(`${base}/elsewhere`), { idleMs: 5000, maxBytes: MiB })).rejects.toThrow(/redirected to ftp:/);
    await expect(fetchBounded(new URL(`${base}/cut`), { idleMs: 5000, maxBytes: MiB })).rejects.toThrow(/closed before the end of the answer|aborted/);
  });
});
