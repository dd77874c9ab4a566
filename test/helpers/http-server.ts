import { createReadStream, promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
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

/** A static file server on loopback for the rocks fixture; refuses paths that leave the directory. */
export function serveDirectory(dir: string): Promise<RunningServer> {
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const file = path.resolve(root, `.${urlPath}`);
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) {
      response.writeHead(403).end();
      return;
    }
    fs.stat(file).then(
      (stat) => {
        if (!stat.isFile()) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, { "content-length": stat.size });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  return listen(server);
}

/**
 * FAKE, for fault injection only: answers every request with headers promising a large body, sends part of it and
 * destroys the socket. No real server drops a connection mid-transfer on demand.
 */
export function serveDroppingConnection(): Promise<RunningServer> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/mercurial-0.1", "content-length": 1_000_000 });
    response.write("x".repeat(1000), () => response.socket?.destroy());
  });
  return listen(server);
}
