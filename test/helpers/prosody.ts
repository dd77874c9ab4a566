import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { assertTools } from "./requirements.js";

export interface RunningProsody {
  configPath: string;
  logPath: string;
  adminSocket: string;
  /** The port Prosody's HTTP server listens on (127.0.0.1), once an HTTP module is loaded. */
  httpPort: number;
  /** A GET to the running server's HTTP port, with the Host header of its VirtualHost. */
  httpGet(urlPath: string): Promise<HttpAnswer>;
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
  const [c2s, s2s, httpPort] = [await freePort(), await freePort(), await freePort()];
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
    `http_ports = { ${httpPort} }`,
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

export interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

const PORT_OPTIONS = ["c2s_ports", "s2s_ports", "http_ports"] as const;
const BIND_FAILURE = /Failed to open server port (\d+)/;

/**
 * Starts the real `prosody` on a config written earlier (and perhaps edited since) by writeProsodyConfig, and
 * resolves once its admin console answers, that is once startup (module loading, port binding) is over. Prosody
 * cannot bind port 0 and report it, and another process can take a free port before Prosody binds it; Prosody then
 * logs the failure and runs on without that port. So a bind failure means: stop, give the config new ports, retry.
 */
export async function startProsodyOn(
  files: { configPath: string; logPath: string; adminSocket: string },
  removeOnStop?: string,
): Promise<RunningProsody> {
  assertTools("prosody", "prosodyctl");
  for (let attempt = 1; ; attempt++) {
    const prosody = await spawnProsody(files, removeOnStop);
    const outcome = await prosody.started();
    if (outcome === "ready") return prosody;
    await prosody.stop({ keepFiles: true });
    if (attempt === 3) throw new Error(`Prosody could not bind its ports in 3 attempts:\n${(await prosody.log()).slice(-4000)}`);
    await fs.rm(files.logPath, { force: true });
    await renewPorts(files.configPath);
  }
}

/** Gives every `*_ports = { N }` line of a config new free ports, leaving the rest of the (perhaps edited) text alone. */
async function renewPorts(configPath: string): Promise<void> {
  let text = await fs.readFile(configPath, "utf8");
  for (const option of PORT_OPTIONS) {
    const line = new RegExp(`^${option} = \\{ \\d+ \\}$`, "m");
    if (!line.test(text)) throw new Error(`${configPath} has no '${option} = { N }' line to give a new port`);
    text = text.replace(line, `${option} = { ${await freePort()} }`);
  }
  await fs.writeFile(configPath, text);
}

async function readHttpPort(configPath: string): Promise<number> {
  const match = /^http_ports = \{ (\d+) \}$/m.exec(await fs.readFile(configPath, "utf8"));
  if (!match?.[1]) throw new Error(`${configPath} has no 'http_ports = { N }' line`);
  return Number(match[1]);
}

type StartedProsody = RunningProsody & { started(): Promise<"ready" | "port taken">; stop(options?: { keepFiles?: boolean }): Promise<void> };

async function spawnProsody(
  { configPath, logPath, adminSocket }: { configPath: string; logPath: string; adminSocket: string },
  removeOnStop: string | undefined,
): Promise<StartedProsody> {
  const httpPort = await readHttpPort(configPath);
  const child: ChildProcess = spawn("prosody", ["--config", configPath, "-F"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A test that crashes must not leave Prosody running after its worker is gone.
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const readLog = async (): Promise<string> => {
    try {
      return `${await fs.readFile(logPath, "utf8")}\n${output}`;
    } catch {
      return output;
    }
  };
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    configPath,
    logPath,
    adminSocket,
    httpPort,
    log: readLog,
    async started() {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (BIND_FAILURE.test(await readLog())) return "port taken";
        if (!running()) throw new Error(`Prosody exited during startup (${child.exitCode ?? child.signalCode}):\n${(await readLog()).slice(-4000)}`);
        // The console is served by the main loop, which starts after every module is loaded and every port bound.
        if (await consoleAnswers(configPath)) return BIND_FAILURE.test(await readLog()) ? "port taken" : "ready";
        if (Date.now() > deadline) throw new Error(`Prosody's console did not answer within 60 s:\n${(await readLog()).slice(-4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await readLog();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline || !running()) {
          throw new Error(`Prosody log never matched ${pattern} (exit ${child.exitCode}):\n${text.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    httpGet: (urlPath) => httpGet(httpPort, urlPath),
    async stop(options: { keepFiles?: boolean } = {}) {
      process.removeListener("exit", killOnExit);
      if (running()) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (running()) {
          child.kill("SIGKILL");
          await exited;
        }
      }
      if (removeOnStop && !options.keepFiles) await fs.rm(removeOnStop, { recursive: true, force: true });
    },
  };
}

function consoleAnswers(configPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("prosodyctl", ["--config", configPath, "shell", "server:version()"], { timeout: 20_000 }, (error, stdout) => {
      resolve(!error && /^OK: /m.test(stdout));
    });
  });
}

function httpGet(port: number, urlPath: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    // Prosody picks the VirtualHost by the Host header; 127.0.0.1 avoids localhost resolving to ::1.
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, headers: { host: `localhost:${port}` }, timeout: 20_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, contentType: response.headers["content-type"], body }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`GET ${urlPath} on port ${port} timed out`)));
    request.on("error", reject);
  });
}

/**
 * A port that was free a moment ago. Only for servers that cannot bind port 0 and report it (Prosody): the port can be
 * taken before the server binds it, so the caller must detect a bind failure and retry, as startProsodyOn does.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
