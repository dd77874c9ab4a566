import type { ClientRequest, IncomingMessage } from "node:http";
import { PACKAGE_VERSION } from "../version.js";
import { requireBuiltin } from "./builtin-require.js";
import { formatBytes } from "./limits.js";

export interface BoundedResponse {
  status: number;
  body: Buffer;
  /** The response's ETag and Last-Modified, as the server sent them. */
  etag?: string;
  lastModified?: string;
  contentType?: string;
}

export interface BoundedRequest {
  idleMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
}

/** As many as a browser's fetch follows: enough for any mirror set-up, and a loop ends. */
const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = `prosody-manager/${PACKAGE_VERSION}`;

/**
 * GET with a timer that restarts on every sign of life (connection, headers, each chunk), so a slow but moving
 * download finishes while a server that accepts and then stalls is cut off after `idleMs`; the body is read in
 * chunks and refused as soon as it passes `maxBytes`, so memory stays bounded whatever the server sends. Redirects
 * are followed (http and https only).
 *
 * Node's http and https, one connection per request, not the global fetch: fetch loads undici and the web streams
 * on first use (30–40 ms more for a 1.8 MB manifest from 127.0.0.1), and its kept-alive connection held the event
 * loop for about 50 ms after the last answer, so a sync ended that much later.
 */
export async function fetchBounded(url: URL, options: BoundedRequest): Promise<BoundedResponse> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const response = await getOnce(target, options);
    const location = REDIRECTS.has(response.status) ? response.location : undefined;
    if (location === undefined) return response.answer;
    if (hop >= MAX_REDIRECTS) throw new Error(`${url.href}: more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new Error(`${target.href}: redirected to an invalid address`);
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new Error(`${target.href}: redirected to ${next.protocol} (only http and https are followed)`);
    target = next;
  }
}

interface OneAnswer {
  status: number;
  /** A redirect's Location header; its body is not kept. */
  location?: string;
  answer: BoundedResponse;
}

function getOnce(url: URL, options: BoundedRequest): Promise<OneAnswer> {
  if (url.protocol !== "http:" && url.protocol !== "https:") return Promise.reject(new Error(`${url.href}: only http and https are fetched`));
  const transport = requireBuiltin(url.protocol === "https:" ? "node:https" : "node:http") as typeof import("node:http");
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let request: ClientRequest | undefined;
    const finish = (error: Error | undefined, answer?: OneAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request?.destroy();
        reject(error);
      } else if (answer) resolve(answer);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new Error(`${url.href}: no answer for ${Math.round(options.idleMs / 1000)}s (took longer than PROSODY_MANAGER_NETWORK_TIMEOUT_MS)`)), options.idleMs);
    };
    arm();
    // No agent: one connection, closed after the answer, so nothing is left open to keep the process alive. A server's
    // logs name the client, as they name LuaRocks.
    request = transport.get(url, { headers: { "user-agent": USER_AGENT, ...options.headers }, agent: false }, (response) => {
      arm();
      readBody(url, response, options, arm).then(
        (body) => finish(undefined, { status: response.statusCode ?? 0, location: header(response, "location"), answer: answerOf(response, body) }),
        (error: Error) => finish(error),
      );
    });
    request.on("socket", arm);
    request.on("error", (error) => finish(new Error(`${url.href}: ${error.message}`)));
  });
}

function readBody(url: URL, response: IncomingMessage, options: BoundedRequest, alive: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(header(response, "content-length") ?? "0");
    if (declared > options.maxBytes) {
      response.destroy();
      reject(new Error(`${url.href}: larger than ${formatBytes(options.maxBytes)} (${formatBytes(declared)})`));
      return;
    }
    // A redirect's body (a short page) is read and dropped, as fetch would.
    const chunks: Buffer[] = [];
    let total = 0;
    response.on("data", (chunk: Buffer) => {
      alive();
      total += chunk.length;
      if (total > options.maxBytes) {
        response.destroy();
        reject(new Error(`${url.href}: larger than ${formatBytes(options.maxBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks)));
    response.on("error", (error) => reject(new Error(`${url.href}: ${error.message}`)));
    // A connection closed before the answer's end (settled already when it did end).
    response.on("close", () => reject(new Error(`${url.href}: the connection closed before the end of the answer`)));
  });
}

function answerOf(response: IncomingMessage, body: Buffer): BoundedResponse {
  return { status: response.statusCode ?? 0, body, etag: header(response, "etag"), lastModified: header(response, "last-modified"), contentType: header(response, "content-type") };
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
