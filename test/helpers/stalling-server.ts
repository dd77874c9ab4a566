import net from "node:net";
import { promises as fs } from "node:fs";

/**
 * FAULT INJECTION: a server that accepts connections and then never says a word. No real HTTP or hg server can be
 * made to stall on demand, and a stall is exactly what timeouts must survive.
 */
export async function startStallingServer(): Promise<{ url: string; port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Pids of live processes whose command line mentions `needle` (e.g. the stalling server's port). */
export async function processesMentioning(needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await fs.readFile(`/proc/${entry}/cmdline`, "utf8")).replace(/\0/g, " ");
      const state = (await fs.readFile(`/proc/${entry}/stat`, "utf8")).split(") ")[1]?.[0];
      if (cmdline.includes(needle) && state !== "Z") out.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}
