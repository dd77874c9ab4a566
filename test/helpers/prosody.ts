import { type ChildProcess, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/fixture/hg-serve.js";

export { freePort };

export interface RunningProsody {
  configPath: string;
  logPath: string;
  adminSocket: string;
  log(): Promise<string>;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface ProsodyOptions {
  pluginPaths: string[];
  installerPath?: string;
  modulesEnabled: string[];
  /** Extra Lua lines for the global section. */
  extra?: string[];
}

/** Writes a sandbox config (own ports, data, pid, socket, debug log) for a real Prosody. */
export async function writeProsodyConfig(dir: string, options: ProsodyOptions): Promise<{ configPath: string; logPath: string; adminSocket: string }> {
  const [c2s, s2s, http] = [await freePort(), await freePort(), await freePort()];
  const logPath = path.join(dir, "prosody.log");
  const adminSocket = path.join(dir, "admin.sock");
  const quote = (value: string): string => JSON.stringify(value);
  const lines = [
    `data_path = ${quote(path.join(dir, "data"))}`,
    `pidfile = ${quote(path.join(dir, "prosody.pid"))}`,
    `admin_socket = ${quote(adminSocket)}`,
    `log = { debug = ${quote(logPath)} }`,
    `interfaces = { "127.0.0.1" }`,
    `c2s_ports = { ${c2s} }`,
    `s2s_ports = { ${s2s} }`,
    `http_ports = { ${http} }`,
    `http_interfaces = { "127.0.0.1" }`,
    `https_ports = { }`,
    `c2s_direct_tls_ports = { }`,
    `plugin_paths = { ${options.pluginPaths.map(quote).join(", ")} }`,
    ...(options.installerPath ? [`installer_plugin_path = ${quote(options.installerPath)}`] : []),
    `modules_enabled = { ${["admin_shell", ...options.modulesEnabled].map(quote).join("; ")} }`,
    `modules_disabled = { "s2s" }`,
    `authentication = "internal_hashed"`,
    // Tests and CI run as root; mod_posix would otherwise shut the server down at once.
    `run_as_root = true`,
    ...(options.extra ?? []),
    `VirtualHost "localhost"`,
    "",
  ];
  await fs.mkdir(path.join(dir, "data"), { recursive: true });
  const configPath = path.join(dir, "prosody.cfg.lua");
  await fs.writeFile(configPath, lines.join("\n"));
  return { configPath, logPath, adminSocket };
}

/** Starts the real `prosody` in the foreground on a sandbox config. */
export async function startProsody(options: ProsodyOptions & { dir?: string }): Promise<RunningProsody> {
  const dir = options.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "pm-prosody-")));
  return startProsodyOn(await writeProsodyConfig(dir, options), options.dir ? undefined : dir);
}

/** Starts the real `prosody` on a config written earlier (and perhaps edited since) by writeProsodyConfig. */
export async function startProsodyOn(
  { configPath, logPath, adminSocket }: { configPath: string; logPath: string; adminSocket: string },
  removeOnStop?: string,
): Promise<RunningProsody> {
  const child: ChildProcess = spawn("prosody", ["--config", configPath, "-F"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const readLog = async (): Promise<string> => {
    try {
      return `${await fs.readFile(logPath, "utf8")}\n${output}`;
    } catch {
      return output;
    }
  };
  return {
    configPath,
    logPath,
    adminSocket,
    log: readLog,
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await readLog();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`Prosody log never matched ${pattern} (exit ${child.exitCode}):\n${text.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (removeOnStop) await fs.rm(removeOnStop, { recursive: true, force: true });
    },
  };
}
