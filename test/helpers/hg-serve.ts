import { spawn } from "node:child_process";
import { freePort } from "./prosody.js";
import type { RunningServer } from "./http-server.js";

/** The real `hg serve` on 127.0.0.1, ready when it answers. */
export async function startHgServe(repo: string): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn("hg", ["serve", "-R", repo, "--address", "127.0.0.1", "--port", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${url}?cmd=capabilities`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`hg serve on port ${port} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    },
  };
}
