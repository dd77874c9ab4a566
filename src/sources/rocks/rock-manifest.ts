import path from "node:path";
import { decodeLuaString } from "../../core/lua-string.js";
import { listFiles, readRegularFile } from "../../system/safe-tree.js";
import { type LuaValue, topLevelTable } from "./lua-data.js";
import { tableEntries } from "./manifest.js";
import { rocksDir } from "./tree-manifest.js";
import { readTextIfThere } from "../../system/fs-atomic.js";
import { loadCrypto } from "../../system/lazy-builtins.js";
import type { DigestMemo } from "../../system/digest-memo.js";

/**
 * Where LuaRocks deployed each part of a rock_manifest, relative to the tree: `lua` and `lib` go to the Lua and C
 * module directories, `bin` to the tree's bin; everything else (rockspec, doc, copied directories) stays in the
 * rock's own directory under rocks-<lua>/.
 */
function deployedDir(key: string, luaVersion: string, rockDir: string): string {
  if (key === "lua") return `share/lua/${luaVersion}`;
  if (key === "lib") return `lib/lua/${luaVersion}`;
  if (key === "bin") return "bin";
  return `${rockDir}/${key}`;
}

/** The rock's directory relative to the tree, `/`-separated. */
function rockDirOf(luaVersion: string, rock: { name: string; version: string }): string {
  return `lib/luarocks/rocks-${luaVersion}/${rock.name}/${rock.version}`;
}

/**
 * The md5 LuaRocks recorded for every file it installed for one rock, keyed by path relative to the tree; read by
 * parsing (never running) `rocks-<lua>/<name>/<version>/rock_manifest`. Undefined when the rock has none.
 */
export async function readRockManifest(tree: string, luaVersion: string, rock: { name: string; version: string }): Promise<Map<string, string> | undefined> {
  const file = path.join(rocksDir(tree, luaVersion), rock.name, rock.version, "rock_manifest");
  const text = readTextIfThere(file);
  if (text === undefined) return undefined;
  const rockDir = rockDirOf(luaVersion, rock);
  const out = new Map<string, string>();
  const walk = (value: LuaValue, prefix: string): void => {
    for (const [key, item] of tableEntries(value.type === "TableConstructorExpression" ? value : undefined)) {
      if (!isPlainName(key)) continue;
      const at = `${prefix}/${key}`;
      if (item.type === "StringLiteral") out.set(at, decodeLuaString(item.raw));
      else walk(item, at);
    }
  };
  for (const [key, item] of tableEntries(await topLevelTable(text, file, "rock_manifest"))) {
    if (!isPlainName(key)) continue;
    if (item.type === "StringLiteral") out.set(`${rockDir}/${key}`, decodeLuaString(item.raw));
    else walk(item, deployedDir(key, luaVersion, rockDir));
  }
  return out;
}

/**
 * The md5 of the rock's files as they are now: each recorded file that still exists, plus files that appeared in
 * the rock's own directory or in a directory only it installed into (not the shared share/lua/<lua>/ itself). With a
 * memo, a file that looks as it did is not read again.
 */
export async function rockFilesNow(
  tree: string,
  luaVersion: string,
  rock: { name: string; version: string },
  recorded: ReadonlyMap<string, string>,
  memo?: DigestMemo,
): Promise<Map<string, string>> {
  const rockDir = rockDirOf(luaVersion, rock);
  const shared = new Set([`share/lua/${luaVersion}`, `lib/lua/${luaVersion}`, "bin"]);
  const dirs = new Set([rockDir]);
  for (const file of recorded.keys()) {
    const dir = path.posix.dirname(file);
    if (!shared.has(dir) && !dir.startsWith(`${rockDir}/`)) dirs.add(dir);
  }
  const candidates = new Set(recorded.keys());
  for (const dir of dirs) {
    for (const file of await listFiles(path.join(tree, dir)).catch(() => [] as string[])) candidates.add(`${dir}/${file}`);
  }
  candidates.delete(`${rockDir}/rock_manifest`);
  const out = new Map<string, string>();
  for (const file of candidates) {
    const at = path.join(tree, file);
    // "" for a file that cannot be read as a plain file: absent from what is there now.
    const md5 = async (): Promise<string> => {
      const content = await readRegularFile(at).catch(() => undefined);
      return content === undefined ? "" : (await loadCrypto()).createHash("md5").update(content).digest("hex");
    };
    const digest = memo ? await memo.digest(`md5:${at}`, [{ label: "md5", file: at }], md5) : await md5();
    if (digest !== "") out.set(file, digest);
  }
  return out;
}

/** A manifest is data from a tree the prosody group may write: a key that is not one plain name never becomes a path. */
function isPlainName(key: string): boolean {
  return key !== "" && key !== "." && key !== ".." && !key.includes("/") && !key.includes("\\");
}
