import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, cliPath, makeSyncedSandbox, parseJson, runProgram, snapshotTree, type Sandbox } from "../helpers/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await makeSyncedSandbox();
}, 180_000);
afterAll(() => sandbox.cleanup());

function errorLines(run: CliRun): string[] {
  return run.stderr.split("\n").filter((line) => line.startsWith("prosody-manager:"));
}

describe("a full disk", () => {
  let mount: string | undefined;
  let reason = "";
  beforeAll(async () => {
    const dir = path.join(sandbox.root, "small-disk");
    await fs.mkdir(dir);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dir], { stdio: "pipe" });
      mount = dir;
    } catch (error) {
      reason = `cannot mount a tmpfs here (${error instanceof Error ? error.message.split("\n")[0] : String(error)}): needs root and mount rights`;
    }
  });
  afterAll(() => {
    if (mount) execFileSync("umount", ["-l", mount]);
  });

  it("ENOSPC while exporting is one line naming the path and what to do, leaves no lock, and the next run works", async (context) => {
    if (!mount) {
      context.skip(reason);
      return;
    }
    const communityDir = path.join(mount, "community");
    // Fill the file system to the last block.
    await fs.writeFile(path.join(mount, "filler"), Buffer.alloc(1024 * 1024)).catch(() => undefined);
    const flags = ["--community-dir", communityDir];
    const full = await sandbox.run([...flags, "module", "install", "mod_pastebin", "--no-config", "--json"]);
    expect(full.code).toBe(1);
    expect(errorLines(full)).toEqual([expect.stringMatching(new RegExp(`${mount}/.*: no space left on the device`))]);
    expect(full.stderr).toMatch(/hint: free some space/);
    expect(full.stderr).not.toMatch(/does not exist|internal error|\n\s+at /);
    expect(parseJson<{ error: { code: string } }>(full).error.code).toBe("ENOSPC");
    // Nothing installed: the community directory this first install made is gone again, or holds no module.
    expect((await fs.readdir(communityDir).catch(() => [])).filter((name) => !name.startsWith("."))).toEqual([]);

    await fs.rm(path.join(mount, "filler"));
    const again = await sandbox.run([...flags, "module", "install", "mod_pastebin", "--no-config"], { PROSODY_MANAGER_LOCK_WAIT_MS: "2000" });
    expect(again.stderr).not.toMatch(/waiting for|another prosody-manager/);
    expect(again.code).toBe(0);
    expect(await fs.readdir(communityDir)).toEqual(expect.arrayContaining(["mod_pastebin", ".prosody-manager.json"]));
  }, 120_000);
});

describe("permission denied", () => {
  it("EACCES as an unprivileged user is one line naming the path, with --json too, and changes nothing", async () => {
    const before = await snapshotTree(sandbox.root);
    const run = await runProgram("runuser", ["-u", "nobody", "--", process.execPath, cliPath, ...sandbox.flags(), "module", "install", "mod_atom", "--json"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", NO_COLOR: "1" },
    });
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([expect.stringMatching(new RegExp(`${sandbox.root}/.*: permission denied`))]);
    expect(run.stderr).toMatch(/hint: run as a user who may write there/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(parseJson<{ error: { code: string; path: string } }>(run).error).toMatchObject({ code: "EACCES", path: expect.stringContaining(sandbox.root) });
    expect(await snapshotTree(sandbox.root)).toEqual(before);
  }, 60_000);
});
