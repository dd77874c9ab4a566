import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { isLogLine, moduleCommand, moduleOnServer, prosodyctlArgs, reloadProsody, runShell } from "../../src/prosody/prosodyctl.js";
import { type RunningProsody, startProsody } from "../helpers/prosody.js";
import { haveTools } from "../helpers/requirements.js";


describe("prosodyctl arguments", () => {
  it("puts --config before the command and passes the rest untouched", () => {
    expect(prosodyctlArgs("/etc/p.cfg.lua", ["check", "config"])).toEqual(["--config", "/etc/p.cfg.lua", "check", "config"]);
    expect(prosodyctlArgs(undefined, ["about"])).toEqual(["about"]);
  });

  it("builds console commands with Lua string literals, refusing names that are not module names", () => {
    expect(moduleCommand("load", "mod_pastebin", "example.com")).toBe('module:load("pastebin", "example.com")');
    expect(moduleCommand("unload", "pastebin")).toBe('module:unload("pastebin")');
    expect(moduleCommand("reload", "x", 'a"); os.exit(1) --')).toBe('module:reload("x", "a\\"); os.exit(1) --")');
    expect(() => moduleCommand("load", 'x") os.exit() --')).toThrow(UserError);
  });

  it("knows prosodyctl's log lines from its answers", () => {
    expect(isLogLine("certmanager         error\tError indexing certificate directory /x/certs")).toBe(true);
    expect(isLogLine("OK: Module loaded onto 1 host")).toBe(false);
  });
});

describe.runIf(haveTools("prosodyctl", "prosody"))("prosodyctl shell and reload against a running Prosody", () => {
  let server: RunningProsody;

  beforeAll(async () => {
    server = await startProsody({ pluginPaths: [], modulesEnabled: [] });
    const deadline = Date.now() + 20_000;
    while (!existsSync(server.adminSocket)) {
      if (Date.now() > deadline) throw new Error(`Prosody never opened its admin socket:\n${await server.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("loads, reloads and unloads a module on one host, answering the console's result line", async () => {
    const options = { configPath: server.configPath };
    expect(await moduleOnServer("load", "mod_ping", "localhost", options)).toMatchObject({ status: "ok", message: "OK: Module loaded onto 1 host" });
    expect(await moduleOnServer("load", "ping", "localhost", options)).toMatchObject({ status: "ok", message: "OK: Module loaded onto 0 hosts" });
    expect(await moduleOnServer("reload", "ping", "localhost", options)).toMatchObject({ status: "ok", message: "OK: Module reloaded on 1 host" });
    expect(await moduleOnServer("unload", "ping", "localhost", options)).toMatchObject({ status: "ok", message: "OK: Module unloaded from 1 host" });
    // No host: every VirtualHost.
    expect(await moduleOnServer("load", "ping", undefined, options)).toMatchObject({ status: "ok", message: "OK: Module loaded onto 1 host" });
  }, 30_000);

  it("reports a module Prosody cannot find as failed, with Prosody's reason", async () => {
    const outcome = await moduleOnServer("load", "no_such_module_x", "localhost", { configPath: server.configPath });
    expect(outcome.status).toBe("failed");
    expect(outcome.message).toMatch(/^[^E].*mod_no_such_module_x.*No such file or directory$/);
  }, 30_000);

  it("finds the server through --socket as well as through the config's admin_socket", async () => {
    const other = path.join(path.dirname(server.configPath), "other.cfg.lua");
    await fs.writeFile(other, `run_as_root = true\ndata_path = ${JSON.stringify(path.dirname(server.configPath))}\nVirtualHost "localhost"\n`);
    expect((await runShell("module:list()", { configPath: other })).status).toBe("unreachable");
    const outcome = await runShell("module:list()", { configPath: other, socket: server.adminSocket });
    expect(outcome.status).toBe("ok");
    expect(outcome.output).toContain("localhost:");
  }, 30_000);

  it("reload rereads the config of the running server", async () => {
    expect(await reloadProsody({ configPath: server.configPath })).toEqual({
      reloaded: true,
      message: "Prosody log files re-opened and config file reloaded. You may need to reload modules for some changes to take effect.",
    });
    expect((await runShell("module:list()", { configPath: server.configPath })).status).toBe("ok");
  }, 30_000);

  it("says when no server answers", async () => {
    const dir = path.dirname(server.configPath);
    const lonely = path.join(dir, "lonely.cfg.lua");
    await fs.writeFile(lonely, `run_as_root = true\npidfile = ${JSON.stringify(path.join(dir, "none.pid"))}\nadmin_socket = ${JSON.stringify(path.join(dir, "none.sock"))}\nVirtualHost "localhost"\n`);
    expect(await moduleOnServer("load", "ping", "localhost", { configPath: lonely })).toMatchObject({ status: "unreachable", message: "no running Prosody answered (Connection error: No such file or directory)" });
    expect(await reloadProsody({ configPath: lonely })).toEqual({ reloaded: false, message: "Prosody is not running" });
  }, 30_000);
});

describe("prosodyError", () => {
  it("is the line before the stack traceback, without the console's prefix", async () => {
    const { prosodyError } = await import("../../src/prosody/prosodyctl.js");
    const lines = [
      "Error: Last error: .../mod_x/mod_x.lua:18: mod_x_base_url is a required option",
      "stack traceback:",
      "[C]: in function 'assert'",
      "/usr/lib/prosody/util/async.lua:144: in function </usr/lib/prosody/util/async.lua:142>",
    ];
    expect(prosodyError(lines)).toBe(".../mod_x/mod_x.lua:18: mod_x_base_url is a required option");
    expect(prosodyError(["Error: no such host"])).toBe("no such host");
    expect(prosodyError(["some output", "a/mod.lua:3: boom", "stack traceback:", "\tframe"])).toBe("a/mod.lua:3: boom");
    expect(prosodyError([])).toBeUndefined();
  });
});
