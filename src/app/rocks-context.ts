import { failure } from "../core/errors.js";
import { run } from "../system/exec.js";
import type { InstalledRock } from "../sources/rocks/luarocks.js";
import { readTreeRocks } from "../sources/rocks/tree-manifest.js";

export type { InstalledRock };
import type { Session } from "./session.js";

export interface RocksTarget {
  server: string;
  tree: string;
  luaVersion: string;
}

/** Where rocks come from and go to, resolved as prosodyctl would (flags and environment first). */
export async function rocksTarget(session: Session): Promise<RocksTarget> {
  const [server, tree, luaVersion] = await Promise.all([session.settings.rocksServer(), session.settings.installerPath(), session.luaVersion()]);
  return { server: server.value, tree: tree.value, luaVersion };
}

/** Fails with one line before anything is touched when LuaRocks is not there. */
export async function requireLuaRocks(env: NodeJS.ProcessEnv): Promise<void> {
  const result = await run("luarocks", ["--version"], { env, timeoutMs: 30_000 });
  if (result.code !== 0) throw failure("luarocks does not run", "install it with: apt-get install luarocks");
}

/**
 * What the tree holds now, read from its own manifest rather than `luarocks list`: read commands start no process.
 * An absent tree (nothing installed yet) holds nothing.
 */
export async function installedRocks(target: RocksTarget, _env?: NodeJS.ProcessEnv): Promise<InstalledRock[]> {
  return readTreeRocks(target.tree, target.luaVersion);
}
