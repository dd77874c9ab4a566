import { failure, fromToolText } from "../../core/errors.js";
import { isRockName, isRockVersion } from "../../core/rock-version.js";
import { printable } from "../../core/names.js";
import type { ModuleName } from "../../core/types.js";
import type { Account } from "../../system/accounts.js";
import { type ExecResult, run } from "../../system/exec.js";

export interface TreeOptions {
  luaVersion: string;
  tree: string;
  /** The account LuaRocks runs as, with its home (LuaRocks' own cache and config); we run it as ourselves without. */
  account?: LuaRocksAccount;
}

export type LuaRocksAccount = Pick<Account, "uid" | "gid" | "home">;

export interface InstalledRock {
  name: string;
  version: string;
  tree: string;
}

const LUAROCKS_TIMEOUT_MS = 10 * 60_000;

/** Arguments as prosodyctl passes them, so either tool can manage what the other installed. */
function base(options: TreeOptions): string[] {
  return [`--lua-version=${options.luaVersion}`, `--tree=${options.tree}`];
}

async function luarocks(args: readonly string[], env: NodeJS.ProcessEnv, account?: LuaRocksAccount): Promise<ExecResult> {
  // HOME as prosodyctl sets it when it drops to prosody: LuaRocks reads its user config and keeps its cache there.
  const accountEnv = account ? { HOME: account.home } : {};
  return run("luarocks", args, { env: { ...env, ...accountEnv, LC_ALL: "C" }, timeoutMs: LUAROCKS_TIMEOUT_MS, runAs: account });
}

/**
 * The last line of defence against option injection: whatever a manifest or a caller handed us, a name or version
 * that LuaRocks could read as anything but a name or version never reaches its command line, and `--` ends its
 * options before them anyway.
 */
function operands(name: string, version?: string): string[] {
  if (!isRockName(name)) throw failure(`refusing to pass '${printable(name)}' to LuaRocks: not a rock name`);
  if (version !== undefined && !isRockVersion(version)) throw failure(`refusing to pass version '${printable(version)}' of ${name} to LuaRocks: not a LuaRocks version`);
  return ["--", name, ...(version !== undefined ? [version] : [])];
}

export async function installRock(options: TreeOptions & { server: string }, name: ModuleName, version: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const args = [...base(options), `--server=${options.server}`, "install", ...operands(name, version)];
  const result = await luarocks(args, env, options.account);
  if (result.code !== 0) {
    // A full disk or a permission problem is said as such, with what to do, rather than as LuaRocks' last words.
    const errors = `${result.stderr}\n${result.stdout}`.split("\n").filter((line) => !/^\s*Warning:/.test(line)).join("\n");
    throw fromToolText(errors, options.tree) ?? failure(`luarocks could not install ${name}${version ? ` ${version}` : ""}: ${luarocksError(result)}`);
  }
}

export async function removeRock(options: TreeOptions, name: ModuleName, force: boolean, env: NodeJS.ProcessEnv): Promise<void> {
  const args = [...base(options), "remove", ...(force ? ["--force"] : []), ...operands(name)];
  const result = await luarocks(args, env, options.account);
  if (result.code !== 0) throw failure(`luarocks could not remove ${name}: ${luarocksError(result)}`, force ? undefined : "a rock other rocks depend on needs --force");
}

/** `luarocks list --porcelain`: one `name\tversion\tstatus\ttree` line a rock. */
export async function listRocks(options: TreeOptions, env: NodeJS.ProcessEnv): Promise<InstalledRock[]> {
  const result = await luarocks([...base(options), "list", "--porcelain"], env);
  if (result.code !== 0) throw failure(`luarocks could not list ${options.tree}: ${luarocksError(result)}`);
  return parsePorcelainList(result.stdout);
}

export function parsePorcelainList(stdout: string): InstalledRock[] {
  return stdout
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((cells) => cells.length >= 4 && cells[2] === "installed")
    .map(([name = "", version = "", , tree = ""]) => ({ name, version, tree }));
}

/** LuaRocks prints warnings about its unreachable default servers before the real error; keep only the error. */
export function luarocksError(result: ExecResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^Warning:/.test(line));
  const breaks = lines.findIndex((line) => /^Removing it would break dependencies for:/.test(line));
  if (breaks >= 0) return `other rocks depend on it: ${lines[breaks + 1] ?? "?"}`;
  const error = lines.find((line) => /^Error:/.test(line));
  return (error ?? lines[lines.length - 1] ?? `exit code ${result.code}`).replace(/^Error:\s*/, "");
}
