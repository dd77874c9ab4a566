import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_COMMANDS } from "../../src/cli/commands/index.js";
import { startCli } from "../../src/cli/start.js";
import { makeSandbox, type Sandbox } from "../helpers/cli.js";
import { communityRepo, rocksDir } from "../helpers/fixture-paths.js";
import { zipBomb } from "../helpers/zip-bomb.js";

// Hundreds of hostile inputs, run in-process through the same runCli the binary uses (an io object instead of the
// process's streams), so the whole table costs seconds; each case must fail with its exit code and one clear line,
// print no stack, and leave every file of the sandbox as it was.

interface Case {
  label: string;
  args: string[];
  code: number;
  /** The one `prosody-manager:` line on stderr (absent: the command succeeds and prints no error). */
  message?: RegExp;
  /** Text that must never reach stdout (a secret a link points to). */
  never?: string;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let sandbox: Sandbox;
let hostile: Sandbox;
const SECRET = "TOP-SECRET-CONTENT";

async function invoke(target: Sandbox, args: readonly string[]): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await startCli([...target.flags(), ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: target.root, NO_COLOR: "1" },
    cwd: target.root,
  }, ALL_COMMANDS);
  return { code, stdout, stderr };
}

/**
 * Path → kind, size and mtime of everything below root; lock files apart (see lockHolders), and the caches that
 * hg and LuaRocks keep for themselves (`.hg/cache`, `$HOME/.cache/luarocks`), which hold no state of ours.
 */
async function snapshot(root: string, withMemo = false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      if (entry.name.endsWith(".lock") || /(^|\/)(\.hg\/cache|\.cache)$/.test(relative)) continue;
      // The read commands' memo of digests and of what the config says: written after a run that succeeded only
      // (a failed run is checked apart, in check()).
      if (relative === "cache/digests.json" && !withMemo) continue;
      // The cached clone is hg's to change; its changelog and dirstate show any change to it, at a fraction of the cost.
      if (relative === "cache/community") {
        for (const file of [".hg/store/00changelog.i", ".hg/dirstate"]) {
          const stat = await fs.lstat(path.join(full, file));
          out[`${relative}/${file}`] = `f:${stat.size}:${stat.mtimeMs}`;
        }
        continue;
      }
      const stat = await fs.lstat(full);
      out[relative] = `${entry.isDirectory() ? "d" : entry.isSymbolicLink() ? "l" : "f"}:${entry.isDirectory() ? "" : `${stat.size}:${stat.mtimeMs}`}`;
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return out;
}

/** Lock files still naming a holder after a run: a run that left one would make the next one wait. */
async function lockHolders(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.isSymbolicLink()) await walk(full);
      else if (entry.name.endsWith(".lock") && (await fs.readFile(full, "utf8")) !== "") out.push(full);
    }
  };
  await walk(root);
  return out;
}

/** `once`: only the `--json` run, for cases that start LuaRocks or hg (seconds each); its stderr is checked the same. */
async function check(target: Sandbox, item: Case, once = false): Promise<void> {
  const before = await snapshot(target.root, item.code !== 0);
  const json = await invoke(target, [...item.args, "--json"]);
  const runs = once ? [json] : [await invoke(target, item.args), json];
  for (const run of runs) {
    expect(run.code, `${item.label}\n${run.stderr}`).toBe(item.code);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("prosody-manager:"));
    if (item.message) {
      expect(errors, run.stderr).toEqual([expect.stringMatching(item.message)]);
    } else {
      expect(errors, run.stderr).toEqual([]);
    }
    if (item.never) expect(run.stdout + run.stderr).not.toContain(item.never);
  }
  if (item.message) {
    // --json: one JSON document on stdout, the error in it.
    const document = JSON.parse(json.stdout) as { error: { message: string; exitCode: number } };
    expect(document.error.exitCode).toBe(item.code);
    expect(`prosody-manager: ${document.error.message}`).toMatch(item.message);
  }
  expect(await snapshot(target.root, item.code !== 0), item.label).toEqual(before);
  expect(await lockHolders(target.root)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------- cases

const BAD_NAMES = [
  "../x", "mod_a/b", "", " ", "x".repeat(300), "mod_ä", "mod_x;rm", "mod_", "mod_x\nmod_y", "mod x", "$(id)", "`id`",
  "mod_x|y", "/etc/passwd", "~root", "mod_*", "mod_?", "%00", "mod_x\u0000", "mod.x", "..", ".", "mod_x/../y",
  "C:\\x", "mod_\t", "😀", "mod_x@", "mod_x@@1",
];

const NAME_COMMANDS: { args: string[]; extra?: string[] }[] = [
  { args: ["module", "install"] },
  { args: ["module", "remove"] },
  { args: ["module", "info"] },
  { args: ["module", "enable"] },
  { args: ["module", "disable"] },
  { args: ["module", "rocks", "install"] },
  { args: ["module", "rocks", "remove"] },
];

function nameCases(): Case[] {
  const out: Case[] = [];
  for (const command of NAME_COMMANDS) {
    for (const name of BAD_NAMES) {
      // `mod_x@` and `mod_x@@1` are names with a revision part: the revision (or rock version) is what is refused.
      const message = /@/.test(name) ? /invalid (revision|rock version|module name)/ : /module name/;
      out.push({ label: `${command.args.join(" ")} ${JSON.stringify(name)}`, args: [...command.args, name], code: 2, message });
    }
  }
  return out;
}

const BAD_REVISIONS = ["-r", "--config=x", "ffffffffffff", "f".repeat(40), "FFFFFFFFFFFF", "2147483647", "a b", "1;id", "tip^", "x".repeat(101), "wdir()", "$(id)", "abc\n", "a/b", "'tip'"];

function revisionCases(): Case[] {
  const out: Case[] = [];
  for (const revision of BAD_REVISIONS) {
    out.push({ label: `install mod_atom@${JSON.stringify(revision)}`, args: ["module", "install", `mod_atom@${revision}`], code: 2, message: /invalid revision/ });
    if (!revision.startsWith("-")) out.push({ label: `install --rev ${JSON.stringify(revision)}`, args: ["module", "install", "mod_atom", "--rev", revision], code: 2, message: /invalid revision/ });
  }
  for (const revision of ["0+1", "doesnotexist", "999999"]) {
    out.push({ label: `install unknown revision ${revision}`, args: ["module", "install", `mod_atom@${revision}`], code: 1, message: /unknown revision/ });
  }
  return out;
}

const BAD_VERSIONS = ["--tree=/x", "-1", "1", "1-", "1-1 -v", "../1-1", "x".repeat(200), "1-1\n", "", "1-x", "$(id)-1", "1-1;id"];

function versionCases(): Case[] {
  return BAD_VERSIONS.map((version) => ({
    label: `rocks install mod_atom@${JSON.stringify(version)}`,
    args: ["module", "rocks", "install", `mod_atom@${version}`],
    code: 2,
    message: /invalid rock version/,
  }));
}

function flagCases(): Case[] {
  const usage = (args: string[], message: RegExp): Case => ({ label: args.join(" "), args, code: 2, message });
  return [
    usage(["module", "list", "--bogus"], /unknown option '--bogus'/),
    usage(["--bogus", "module", "list"], /unknown option '--bogus'/),
    usage(["module", "instal", "x"], /unknown command 'instal'/),
    usage(["modul", "list"], /unknown command 'modul'/),
    usage(["module", "install", "-rf"], /unknown option '-rf'/),
    usage(["module", "install", "--tree=/x", "mod_atom"], /unknown option '--tree=\/x'/),
    usage(["module", "install"], /missing required argument/),
    usage(["module", "info"], /missing required argument/),
    usage(["module", "enable"], /missing required argument/),
    usage(["module", "enable", "mod_uptime", "--host"], /argument missing/),
    usage(["module", "enable", "mod_uptime", "--host", "a b"], /invalid host name/),
    usage(["module", "enable", "mod_uptime", "--host", "a/../b"], /invalid host name/),
    usage(["module", "enable", "mod_uptime", "--component", "$(id)"], /invalid host name/),
    usage(["module", "enable", "mod_uptime", "--host", "a", "--component", "b"], /host|component/),
    usage(["module", "install", "mod_atom", "--host", "a;b"], /invalid host name/),
    usage(["module", "install", "mod_atom@1", "--rev", "2"], /names a revision and --rev gives another/),
    usage(["module", "rocks", "install", "--server=http://evil/", "mod_atom"], /unknown option '--server=http:\/\/evil\/'/),
    usage(["module", "remove", "--keep", "mod_atom"], /unknown option '--keep'/),
    usage(["module", "list", "extra"], /too many arguments|unknown command/),
    usage(["config", "setup", "--bogus"], /unknown option '--bogus'/),
    usage(["doctor", "--bogus"], /unknown option '--bogus'/),
    usage(["module", "search", "--stage", "nonsense"], /unknown stage/),
  ];
}

function configCases(dir: string): Case[] {
  const enable = (file: string, message: RegExp, label = file): Case => ({
    label: `config ${label}`,
    args: ["--config", path.join(dir, file), "module", "enable", "mod_uptime"],
    code: 1,
    message,
  });
  return [
    enable("syntax.cfg.lua", /syntax error/),
    enable("binary.cfg.lua", /syntax error|not a Prosody config|cannot read/),
    enable("missing.cfg.lua", /cannot read the Prosody config .*: ENOENT/),
    enable("dir.cfg.lua", /cannot read the Prosody config .*: (not a regular file|EISDIR)/),
    enable("zero.cfg.lua", /not a regular file/, "-> /dev/zero"),
    enable("number.cfg.lua", /cannot edit: it is a number, not a list of strings/),
    enable("string.cfg.lua", /not a list of strings|cannot edit/),
    enable("unterminated.cfg.lua", /syntax error/),
    enable("huge.cfg.lua", /larger than 16 MiB/),
    enable("fifo.cfg.lua", /not a regular file/),
  ];
}

async function writeConfigs(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "syntax.cfg.lua"), 'modules_enabled = { "a"\n');
  await fs.writeFile(path.join(dir, "binary.cfg.lua"), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x62]));
  await fs.mkdir(path.join(dir, "dir.cfg.lua"));
  await fs.symlink("/dev/zero", path.join(dir, "zero.cfg.lua"));
  await fs.writeFile(path.join(dir, "number.cfg.lua"), "modules_enabled = 5\n");
  await fs.writeFile(path.join(dir, "string.cfg.lua"), 'modules_enabled = "uptime"\n');
  await fs.writeFile(path.join(dir, "unterminated.cfg.lua"), 'plugin_paths = { [[ /x }\n');
  // Sparse: 20 MiB that cost nothing on disk.
  const huge = await fs.open(path.join(dir, "huge.cfg.lua"), "w");
  await huge.truncate(20 * 1024 * 1024);
  await huge.close();
  execFileSync("mkfifo", [path.join(dir, "fifo.cfg.lua")]);
}

const MANIFEST_SERVERS: { name: string; message: RegExp }[] = [
  { name: "empty", message: /has no manifest|no such file/ },
  { name: "garbage", message: /not a LuaRocks manifest/ },
  { name: "binary", message: /not a LuaRocks manifest/ },
  { name: "only-bad-versions", message: /no rock mod_atom on/ },
  { name: "only-bad-names", message: /no rock mod_atom on/ },
  { name: "not-a-table", message: /no rock mod_atom on/ },
  { name: "bomb", message: /inflates to more than/ },
  { name: "bad-zip", message: /zip/ },
  { name: "huge", message: /larger than/ },
  { name: "zero", message: /not a regular file/ },
  { name: "directory", message: /not a regular file|EISDIR/ },
];

async function writeManifestServers(dir: string): Promise<void> {
  const server = async (name: string, files: Record<string, string | Buffer> = {}): Promise<string> => {
    const root = path.join(dir, name);
    await fs.mkdir(root, { recursive: true });
    for (const [file, content] of Object.entries(files)) await fs.writeFile(path.join(root, file), content);
    return root;
  };
  await server("empty");
  await server("garbage", { "manifest-5.4": "this is {{ not lua" });
  await server("binary", { "manifest-5.4": Buffer.from([0x1b, 0x4c, 0x75, 0x61, 0, 0, 0xff]) });
  await server("only-bad-versions", { "manifest-5.4": 'repository = { mod_atom = { ["--tree=/tmp/evil"] = { { arch = "rockspec" } }, ["-1"] = {} } }\n' });
  await server("only-bad-names", { "manifest-5.4": 'repository = { ["--server=http://evil/"] = { ["1-1"] = {} }, ["mod_atom --tree=/x"] = { ["1-1"] = {} } }\n' });
  await server("not-a-table", { "manifest-5.4": "repository = 5\n" });
  const bomb = await server("bomb");
  zipBomb(path.join(bomb, "manifest-5.4.zip"), "manifest-5.4", 80);
  await server("bad-zip", { "manifest-5.4.zip": Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(64, 0x41)]) });
  const huge = await server("huge");
  const handle = await fs.open(path.join(huge, "manifest-5.4"), "w");
  await handle.truncate(40 * 1024 * 1024);
  await handle.close();
  const zero = await server("zero");
  await fs.symlink("/dev/zero", path.join(zero, "manifest-5.4"));
  const directory = await server("directory");
  await fs.mkdir(path.join(directory, "manifest-5.4"));
}

function manifestCases(dir: string): Case[] {
  const cases: Case[] = MANIFEST_SERVERS.map((server) => ({
    label: `rocks install from ${server.name}`,
    args: ["--rocks-server", path.join(dir, server.name), "module", "rocks", "install", "mod_atom"],
    code: 1,
    message: server.message,
  }));
  // --dry-run once where the issue saw it print `would install mod_x --tree=…`.
  cases.push({ label: "rocks install --dry-run, option-like versions only", args: ["--rocks-server", path.join(dir, "only-bad-versions"), "module", "rocks", "install", "mod_atom", "--dry-run"], code: 1, message: /no rock mod_atom on/ });
  return cases;
}

/** A copy of the fixture's server whose mod_atom rockspec is broken in a few ways. */
async function writeRockspecServers(dir: string): Promise<Case[]> {
  const variants: Record<string, string> = {
    "syntax": "package = 'mod_atom'\nversion = '1-1'\nsource = {\n",
    "build-type": (await fs.readFile(path.join(rocksDir, "mod_atom-1-1.rockspec"), "utf8")).replace('type = "builtin"', 'type = "no-such-build"'),
    "wrong-package": (await fs.readFile(path.join(rocksDir, "mod_atom-1-1.rockspec"), "utf8")).replace('package = "mod_atom"', 'package = "mod_other"'),
  };
  const out: Case[] = [];
  for (const [name, rockspec] of Object.entries(variants)) {
    const root = path.join(dir, `rockspec-${name}`);
    await fs.mkdir(root, { recursive: true });
    await fs.writeFile(path.join(root, "manifest-5.4"), 'repository = { mod_atom = { ["1-1"] = { { arch = "rockspec" } } } }\n');
    await fs.writeFile(path.join(root, "mod_atom-1-1.rockspec"), rockspec);
    out.push({ label: `rockspec ${name}`, args: ["--rocks-server", root, "module", "rocks", "install", "mod_atom", "--no-config"], code: 1, message: /luarocks could not install mod_atom/ });
  }
  return out;
}

/** A community repository whose modules hold links: its READMEs must never be read, its modules never installed. */
async function writeHostileRepository(dir: string): Promise<string> {
  const repo = path.join(dir, "hostile-repo");
  await fs.mkdir(repo, { recursive: true });
  await fs.writeFile(path.join(dir, "secret"), `${SECRET}\n`);
  execFileSync("hg", ["init", repo]);
  const modules = { mod_file_link: path.join(dir, "secret"), mod_dir_link: "/etc", mod_zero: "/dev/zero", mod_self: "README.md" };
  for (const [name, target] of Object.entries(modules)) {
    await fs.mkdir(path.join(repo, name));
    await fs.writeFile(path.join(repo, name, `${name}.lua`), "-- module code\n");
    await fs.symlink(target, path.join(repo, name, "README.md"));
  }
  await fs.mkdir(path.join(repo, "mod_big_readme"));
  await fs.writeFile(path.join(repo, "mod_big_readme", "mod_big_readme.lua"), "-- module code\n");
  await fs.writeFile(path.join(repo, "mod_big_readme", "README.md"), `---\nsummary: big\n---\n${"x".repeat(2 * 1024 * 1024)}\n`);
  execFileSync("hg", ["--config", "ui.username=test <t@example.org>", "commit", "-A", "-q", "-m", "hostile", "-R", repo], { env: { ...process.env, HGPLAIN: "1" } });
  return repo;
}

function readmeCases(): Case[] {
  const out: Case[] = [];
  for (const name of ["mod_file_link", "mod_dir_link", "mod_zero", "mod_self"]) {
    out.push({ label: `install ${name} (README is a link)`, args: ["module", "install", name, "--no-config"], code: 1, message: new RegExp(`${name} at revision [0-9a-f]{12} is unsafe: .*README\\.md: a symbolic link`), never: SECRET });
    out.push({ label: `info ${name} (README is a link)`, args: ["module", "info", name], code: 0, never: SECRET });
  }
  out.push({ label: "info of a module whose README is over the cap", args: ["module", "info", "mod_big_readme"], code: 0 });
  return out;
}

// ------------------------------------------------------------------------------------------------------- the run

let fixtures: string;
const rockspecCases: Case[] = [];

beforeAll(async () => {
  sandbox = await makeSandbox({ communityUrl: communityRepo });
  fixtures = `${sandbox.root}-inputs`;
  await fs.mkdir(fixtures, { recursive: true });
  await writeConfigs(path.join(fixtures, "configs"));
  await writeManifestServers(path.join(fixtures, "servers"));
  rockspecCases.push(...(await writeRockspecServers(path.join(fixtures, "servers"))));
  const repo = await writeHostileRepository(fixtures);
  hostile = await makeSandbox({ communityUrl: repo });
  const [synced, hostileSync] = await Promise.all([invoke(sandbox, ["module", "sync"]), invoke(hostile, ["module", "sync"])]);
  expect(synced.code, synced.stderr).toBe(0);
  expect(hostileSync.code, hostileSync.stderr).toBe(0);
  // Sync reports each refused file instead of reading it.
  expect(hostileSync.stdout + hostileSync.stderr).not.toContain(SECRET);
}, 300_000);

afterAll(async () => {
  await sandbox.cleanup();
  await hostile.cleanup();
  await fs.rm(fixtures, { recursive: true, force: true });
});

describe("bad input, table-driven: exit code, one clear line, no stack, nothing changed", () => {
  const table = (): Case[] => [...nameCases(), ...revisionCases(), ...versionCases(), ...flagCases()];

  it("has at least 200 cases in all", () => {
    expect(table().length + configCases("").length + manifestCases("").length + 3 + readmeCases().length).toBeGreaterThanOrEqual(200);
  });

  it("names, revisions, versions and flags", async () => {
    for (const item of table()) await check(sandbox, item);
  }, 300_000);

  it("configs", async () => {
    for (const item of configCases(path.join(fixtures, "configs"))) await check(sandbox, item);
  }, 120_000);

  it("manifests", async () => {
    for (const item of manifestCases(path.join(fixtures, "servers"))) await check(sandbox, item, true);
  }, 300_000);

  it("rockspecs", async () => {
    for (const item of rockspecCases) await check(sandbox, item, true);
  }, 300_000);

  it("READMEs and module trees from a hostile repository", async () => {
    for (const item of readmeCases()) await check(hostile, item, true);
  }, 300_000);
});
