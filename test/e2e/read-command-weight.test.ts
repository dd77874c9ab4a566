import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, makeSandbox, makeSyncedSandbox, runProgram, type Sandbox } from "../helpers/cli.js";

// Read commands start no process and hash nothing they do not show, so they must not pay for loading Node's
// child_process (2–5 ms with the stream internals it pulls in), crypto (3–4 ms) or fs/promises with readline (1 ms);
// they write their output with plain writes, so stdout and stderr (pipes here) never become sockets (net, 3 ms); and
// node:module, for createRequire, is a quarter of a millisecond that the bundles' own require makes unneeded.
// A run preloads a hook that records the built-in modules the process loaded; an eager import of one of them anywhere
// on a read command's path shows here.
const HOOK = `process.on("exit", () => require("node:fs").writeFileSync(process.env.PM_TEST_LOADED, process.moduleLoadList.join("\\n")));\n`;
const HEAVY = ["NativeModule child_process", "NativeModule crypto", "NativeModule internal/fs/promises", "NativeModule net", "NativeModule module"];

describe("what read commands load", () => {
  let sandbox: Sandbox;
  let hook: string;
  beforeAll(async () => {
    sandbox = await makeSyncedSandbox();
    expect((await sandbox.run(["module", "install", "--no-config", "mod_pastebin"])).code).toBe(0);
    expect((await sandbox.run(["module", "rocks", "install", "--no-config", "mod_cloud_notify"])).code).toBe(0);
    hook = path.join(sandbox.root, "record-loaded.cjs");
    await fs.writeFile(hook, HOOK);
  });
  afterAll(() => sandbox.cleanup());

  async function loaded(args: readonly string[]): Promise<string[]> {
    const out = path.join(sandbox.root, "loaded.txt");
    await fs.rm(out, { force: true });
    const run = await runProgram(process.execPath, ["-r", hook, cliPath, ...sandbox.flags(), ...args], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, NO_COLOR: "1", PM_TEST_LOADED: out },
    });
    expect(run.code, run.stderr).toBe(0);
    return (await fs.readFile(out, "utf8")).split("\n");
  }

  it.each([
    [["module", "search", "muc"]],
    [["module", "outdated"]],
    [["module", "rocks", "list"]],
    [["--version"]],
  ])("%j loads neither child_process, crypto, fs/promises, net nor module", async (args) => {
    const modules = await loaded(args);
    expect(modules).toContain("NativeModule fs");
    // node:vm runs the bundle: `--version` is answered by the launcher without it.
    expect(modules.includes("NativeModule vm")).toBe(args[0] !== "--version");
    expect(modules.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  // Node's --trace-exit names every process.exit: a read command that has nothing left to wait for ends there, without
  // V8 tearing its heap down (2 ms), with its whole output and its exit code.
  it.each([
    [["module", "search", "muc"], 0],
    [["module", "list"], 0],
    [["module", "info", "mod_no_such_module"], 1],
  ])("%j ends at once when nothing is pending, with exit code %i", async (args, code) => {
    const run = await runProgram(process.execPath, ["--trace-exit", cliPath, ...sandbox.flags(), ...args], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, NO_COLOR: "1" },
    });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(`Exited the environment with code ${code}`);
    const plain = await sandbox.run([...args]);
    expect(run.stdout).toBe(plain.stdout);
    if (code === 0) expect(run.stdout).toMatch(/\n$/);
  });

  it("list hashes the installed trees once, then takes the digests of unchanged ones from the cache: no crypto", async () => {
    // The memo keeps only digests of files that had not changed for 2 s (system/digest-memo.ts).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const first = await loaded(["module", "list"]);
    expect(first).toContain("NativeModule crypto");
    expect(first).not.toContain("NativeModule child_process");
    expect(await loaded(["module", "list"])).not.toContain("NativeModule crypto");

    // An edit of the same size is still seen, and hashed again.
    const file = path.join(sandbox.communityDir, "mod_pastebin", "mod_pastebin.lua");
    const text = await fs.readFile(file, "utf8");
    await fs.writeFile(file, text.replace(/local/, "LOCAL"));
    expect(await loaded(["module", "list"])).toContain("NativeModule crypto");
    const shown = await sandbox.run(["module", "list", "--json"]);
    const rows = (JSON.parse(shown.stdout) as { modules: { name: string; source: string; status: string }[] }).modules;
    expect(rows.find((row) => row.name === "mod_pastebin" && row.source === "community")?.status).toBe("modified");
  });
});

// Parsing the config cost a read command 15-25 ms (the Lua parser loaded, the files parsed cold): a read command takes
// what the config says from the digest memo while the config's files, Includes and Include directories look the same.
describe("the config a read command reads", () => {
  let sandbox: Sandbox;
  let hook: string;
  beforeAll(async () => {
    sandbox = await makeSandbox();
    hook = path.join(sandbox.root, "record-required.cjs");
    await fs.writeFile(hook, `process.on("exit", () => require("node:fs").writeFileSync(process.env.PM_TEST_LOADED, Object.keys(require.cache).join("\\n")));\n`);
    for (const [dir, name] of [["extra-a", "mod_hello"], ["extra-b", "mod_bye"]] as const) {
      await fs.mkdir(path.join(sandbox.root, dir));
      await fs.writeFile(path.join(sandbox.root, dir, `${name}.lua`), "module:log('info', 'hi')\n");
    }
    await fs.mkdir(path.join(sandbox.root, "conf.d"));
    await fs.appendFile(sandbox.configPath, 'Include "conf.d/*.cfg.lua"\n');
    await fs.writeFile(path.join(sandbox.root, "conf.d", "paths.cfg.lua"), `plugin_paths = { "${sandbox.root}/extra-a" }\n`);
  });
  afterAll(() => sandbox.cleanup());

  /** The unmanaged modules `module list` shows, and whether the run loaded the Lua parser. */
  async function list(): Promise<{ unmanaged: string[]; parsed: boolean }> {
    const out = path.join(sandbox.root, "required.txt");
    const run = await runProgram(process.execPath, ["-r", hook, cliPath, ...sandbox.flags(), "module", "list", "--json"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sandbox.root, NO_COLOR: "1", PM_TEST_LOADED: out },
    });
    expect(run.code, run.stderr).toBe(0);
    const rows = (JSON.parse(run.stdout) as { modules: { name: string; source: string }[] }).modules;
    const required = await fs.readFile(out, "utf8");
    return { unmanaged: rows.filter((row) => row.source === "unmanaged").map((row) => row.name), parsed: required.includes("luaparse") };
  }

  it("is parsed once, then taken from the memo until one of its files or Include directories changes", async () => {
    // Only files unchanged for 2 s are remembered (system/digest-memo.ts).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await list()).toEqual({ unmanaged: ["mod_hello"], parsed: true });
    expect(await list()).toEqual({ unmanaged: ["mod_hello"], parsed: false });

    await fs.writeFile(path.join(sandbox.root, "conf.d", "paths.cfg.lua"), `plugin_paths = { "${sandbox.root}/extra-b" }\n`);
    expect(await list()).toEqual({ unmanaged: ["mod_bye"], parsed: true });
    // A file added to an Include directory is read too (after paths.cfg.lua: its assignment wins, as in Prosody).
    await fs.writeFile(path.join(sandbox.root, "conf.d", "z-more.cfg.lua"), `plugin_paths = { "${sandbox.root}/extra-a", "${sandbox.root}/extra-b" }\n`);
    expect((await list()).unmanaged).toEqual(["mod_bye", "mod_hello"]);
  });
});

// A sandbox of its own: its runs of `list` would otherwise remember the installed trees' digests before the test above
// that wants the first `list` after they settle to hash them.
describe("the phase trace", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await makeSyncedSandbox();
    expect((await sandbox.run(["module", "install", "--no-config", "mod_pastebin"])).code).toBe(0);
    expect((await sandbox.run(["module", "rocks", "install", "--no-config", "mod_cloud_notify"])).code).toBe(0);
  });
  afterAll(() => sandbox.cleanup());

  // PROSODY_MANAGER_TRACE_PERFORMANCE (src/cli/phase-trace.ts): the phases of the run on stderr at its end, from the
  // launcher's and the bundle's marks together, each at or after the one before; the output itself is the same.
  it.each([
    [["module", "list"], ["node started", "bundle loaded", "command line parsed", "search view read", "targets resolved", "installed state read", "module copies found", "command ran", "output written", "exit"]],
    [["module", "rocks", "list", "--json"], ["node started", "bundle loaded", "command line parsed", "command ran", "output written", "exit"]],
  ])("%j with PROSODY_MANAGER_TRACE_PERFORMANCE traces its phases on stderr, in order, and prints the same", async (args, expected) => {
    const traced = await sandbox.run(args, { PROSODY_MANAGER_TRACE_PERFORMANCE: "1" });
    const plain = await sandbox.run(args);
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toContain("performance:");
    for (const off of ["0", "false", ""]) expect((await sandbox.run(args, { PROSODY_MANAGER_TRACE_PERFORMANCE: off })).stderr).not.toContain("performance:");
    const phases = traced.stderr
      .split("\n")
      .map((line) => /^prosody-manager: performance: ([\d.]+) ms \+([\d.]+) ms (.+)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ at: Number(match[1]), after: Number(match[2]), label: match[3] ?? "" }));
    expect(phases.map((item) => item.label).filter((label) => expected.includes(label))).toEqual(expected);
    expect(phases.at(-1)?.label).toBe("exit");
    for (const [index, item] of phases.entries()) expect(item.at - (phases[index - 1]?.at ?? 0)).toBeCloseTo(item.after, 1);
    expect(phases.every((item) => item.after >= 0)).toBe(true);
  });
});
