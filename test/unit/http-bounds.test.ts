import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchBounded } from "../../src/system/http.js";
import { fetchManifest } from "../../src/sources/rocks/fetch-manifest.js";
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
