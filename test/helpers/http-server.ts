import { createReadStream, promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface RunningServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/** One request a static server answered: its path and the status it got. */
export interface Served {
  path: string;
  status: number;
}

export interface ServeOptions {
  /**
   * Send Last-Modified, as nginx in front of the real rocks server does (default true). LuaRocks then trusts its cached
   * copy of a manifest for 60 s (`cache_timeout`) without asking again; pass false to see every change at once.
   */
  lastModified?: boolean;
  /**
   * Send an ETag (the file's mtime in nanoseconds and its size, as nginx makes one from mtime and size) and answer
   * If-None-Match with 304 Not Modified when it matches (default true). If-Modified-Since is not answered, as with
   * nginx's `if_modified_since off`: LuaRocks asks with it, and a second's granularity would hide a quick change.
   */
  etag?: boolean;
  /** Told of every request answered, to check what a client asked for and got. */
  onServed?: (served: Served) => void;
}

async function listen(server: http.Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A static file server on loopback (a rocks server is just files); refuses any path that leaves `dir`. */
export function serveDirectory(dir: string, options: ServeOptions = {}): Promise<RunningServer> {
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    response.once("finish", () => options.onServed?.({ path: request.url ?? "", status: response.statusCode }));
    void answer(root, options, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return listen(server);
}

async function answer(root: string, options: ServeOptions, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  // The URL parser already folds `/../`; this catches what decoding reintroduces (`..%2f`) and NUL bytes.
  let file = path.resolve(root, `.${urlPath}`);
  if (urlPath.includes("\0") || (file !== root && !file.startsWith(`${root}${path.sep}`))) {
    response.writeHead(403).end();
    return;
  }
  let stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
  if (stat?.isDirectory()) {
    file = path.join(file, "index.html");
    stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
  }
  if (!stat?.isFile()) {
    response.writeHead(404).end();
    return;
  }
  const headers: http.OutgoingHttpHeaders = { "content-length": Number(stat.size), "content-type": contentType(file) };
  if (options.lastModified !== false) headers["last-modified"] = stat.mtime.toUTCString();
  if (options.etag !== false) {
    const etag = `"${stat.mtimeNs.toString(16)}-${stat.size.toString(16)}"`;
    headers.etag = etag;
    const wanted = request.headers["if-none-match"]?.split(",").map((tag) => tag.trim());
    if (wanted?.includes(etag) || wanted?.includes("*")) {
      response.writeHead(304, { etag }).end();
      return;
    }
  }
  response.writeHead(200, headers);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

function contentType(file: string): string {
  if (file.endsWith(".html")) return "text/html; charset=utf-8";
  if (file.endsWith(".rockspec") || /\/manifest(-[\d.]+)?$/.test(file)) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/**
 * FAKE, for fault injection only: answers every request with headers promising a large body, sends part of it and
 * destroys the socket, standing in for a network that fails mid-transfer, which no real server does on demand.
 */
export function serveDroppingConnection(): Promise<RunningServer> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/mercurial-0.1", "content-length": 1_000_000 });
    response.write("x".repeat(1000), () => response.socket?.destroy());
  });
  return listen(server);
}
