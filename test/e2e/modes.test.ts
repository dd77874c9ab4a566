import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliPath, makeSandbox } from "../helpers/cli.js";
import { communityRepo } from "../helpers/fixture-paths.js";

const run = promisify(execFile);

/** Every directory's and file's mode below a root, relative paths to octal strings. */
async function modes(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      out.set(path.relative(root, full), ((await fs.stat(full)).mode & 0o777).toString(8));
      if (entry.isDirectory()) await walk(full);
    }
  };
  out.set(".", ((await fs.stat(root)).mode & 0o777).toString(8));
  await walk(root);
  return out;
}

describe("installed modes do not depend on the caller's umask", () => {
  it.each(["077", "000"])("umask %s: directories 0755, files 0644, records and lockfile 0644", async (mask) => {
    const sandbox = await makeSandbox({ communityUrl: communityRepo });
    try {
      // The shell sets the umask, as an admin's login or a cron job would, and then runs the CLI.
      await run("/bin/sh", ["-c", 'umask "$1"; shift; exec "$@"', "sh", mask, process.execPath, cliPath, ...sandbox.flags(), "module", "install", "mod_sasl2_fast"], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, NO_COLOR: "1" },
      });
      const found = await modes(sandbox.communityDir);
      expect(found.size).toBeGreaterThan(4);
      for (const [file, mode] of found) {
        const isDir = (await fs.stat(path.join(sandbox.communityDir, file))).isDirectory();
        expect(`${file} ${mode}`).toBe(`${file} ${isDir ? "755" : "644"}`);
      }
      expect(((await fs.stat(path.join(sandbox.root, "prosody-manager.lock.json"))).mode & 0o777).toString(8)).toBe("644");
    } finally {
      await sandbox.cleanup();
    }
  });
});
