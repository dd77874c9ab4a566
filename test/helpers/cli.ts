import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { communityRepo } from "./fixture-paths.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = path.join(repoRoot, "dist", "prosody-manager.js");
/** The fixture's rocks server as a directory: the default for sandboxes, so no test reaches for the real server. */
const fixtureRocks = path.join(repoRoot, "fixtures", "build", "rocks");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as an admin would, with a clean environment so the machine's settings never leak in. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, input = ""): Promise<CliRun> {
  return runProgram(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: env.HOME ?? os.tmpdir(), NO_COLOR: "1", ...env }, input });
}

/** Any program (the CLI under runuser, ansible-playbook), with exactly the environment given, collecting its output. */
export function runProgram(program: string, args: readonly string[], options: { env: Record<string, string>; cwd?: string; input?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A program that ends without reading its input (most runs) may close the pipe before this write lands: EPIPE
    // then says nothing about the program, and must not fail the test run as an unhandled error.
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.stdin.end(options.input ?? "");
  });
}

/** The installed trees of a sandbox, minus the records that name their own machine's paths and times. */
export async function installedTrees(sandbox: Pick<Sandbox, "communityDir" | "installerPath">): Promise<{ community: Record<string, string>; rocks: Record<string, string> }> {
  const community = await snapshotTree(sandbox.communityDir);
  delete community[".prosody-manager.json"];
  const rocks = await snapshotTree(sandbox.installerPath);
  delete rocks[".prosody-manager.json"];
  return { community, rocks };
}

export function parseJson<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

export interface Sandbox {
  root: string;
  cacheDir: string;
  communityDir: string;
  installerPath: string;
  configPath: string;
  /** Global flags pointing every path into the sandbox. */
  flags(extra?: { communityUrl?: string; rocksServer?: string }): string[];
  run(args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  cleanup(): Promise<void>;
}

export interface SandboxOptions {
  communityUrl?: string;
  rocksServer?: string;
  /**
   * Start with a copy of this cache directory (another sandbox's, after `module sync`): each test gets its own
   * sandbox without paying for a sync, and no test sees what another one installed.
   */
  cacheFrom?: string;
}

/** A throw-away set of directories and a minimal Prosody config, so a test never touches the machine's own. */
export async function makeSandbox(defaults: SandboxOptions = {}): Promise<Sandbox> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-e2e-"));
  // prosodyctl drops to the prosody user, which must be able to read the sandbox's config and trees.
  await fs.chmod(root, 0o755);
  const sandbox: Sandbox = {
    root,
    cacheDir: path.join(root, "cache"),
    communityDir: path.join(root, "community"),
    installerPath: path.join(root, "rocks-tree"),
    configPath: path.join(root, "prosody.cfg.lua"),
    flags(extra = {}) {
      const communityUrl = extra.communityUrl ?? defaults.communityUrl;
      const rocksServer = extra.rocksServer ?? defaults.rocksServer ?? fixtureRocks;
      return [
        "--config", sandbox.configPath,
        "--cache-dir", sandbox.cacheDir,
        "--community-dir", sandbox.communityDir,
        "--installer-path", sandbox.installerPath,
        ...(communityUrl ? ["--community-url", communityUrl] : []),
        ...(rocksServer ? ["--rocks-server", rocksServer] : []),
      ];
    },
    run(args, env = {}) {
      return runCli([...sandbox.flags(), ...args], { HOME: root, ...env });
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
  await fs.writeFile(sandbox.configPath, minimalConfig(sandbox), "utf8");
  if (defaults.cacheFrom) await fs.cp(defaults.cacheFrom, sandbox.cacheDir, { recursive: true, preserveTimestamps: true });
  return sandbox;
}

function minimalConfig(sandbox: { root: string; communityDir: string; installerPath: string }): string {
  return [
    "-- prosody-manager e2e sandbox",
    `data_path = "${sandbox.root}/data"`,
    `pidfile = "${sandbox.root}/prosody.pid"`,
    `plugin_paths = { "${sandbox.communityDir}" }`,
    `installer_plugin_path = "${sandbox.installerPath}"`,
    'modules_enabled = { "disco"; "ping" }',
    'VirtualHost "localhost"',
    "",
  ].join("\n");
}

/** Every file below a directory with its content, to compare trees before and after a failed command. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out[path.relative(root, full)] = (await fs.readFile(full)).toString("base64");
    }
  };
  await walk(root);
  return out;
}

/** A sandbox on the fixture's community repository, synced once: for suites whose tests start from a catalogue. */
export async function makeSyncedSandbox(): Promise<Sandbox> {
  const sandbox = await makeSandbox({ communityUrl: communityRepo });
  expect((await sandbox.run(["module", "sync"])).code).toBe(0);
  return sandbox;
}
