import path from "node:path";
import { decodeLuaString } from "../../core/lua-string.js";
import { tryModuleName } from "../../core/names.js";
import { compareRockVersions, ROCK_VERSION } from "../../core/rock-version.js";
import type { ModuleName } from "../../core/types.js";
import { hashFiles, listFiles } from "../../system/tree-hash.js";
import { type LuaTable, type LuaValue, topLevelTable } from "./lua-data.js";
import { tableEntries } from "./manifest.js";
import { readTreeManifest, rocksDir } from "./tree-manifest.js";
import type { DigestMemo } from "../../system/digest-memo.js";

/** One rock as the tree's own manifest records it: what LuaRocks installed, never what a server offers. */
export interface TreeRock {
  name: ModuleName;
  version: string;
  /** Rocks it depends on, as LuaRocks resolved them at install. */
  requires: ModuleName[];
  /** Lua files it installed, relative to `share/lua/<version>`. */
  luaFiles: string[];
}

/**
 * Reads `lib/luarocks/rocks-<lua>/manifest` by parsing (never evaluating) it: no LuaRocks process, and entries
 * whose names or versions do not fit LuaRocks' grammar are ignored. When a rock has several versions, the newest is
 * the one LuaRocks' loader uses.
 */
export async function readTreeRocks(tree: string, luaVersion: string): Promise<TreeRock[]> {
  const text = readTreeManifest(tree, luaVersion);
  if (text === undefined) return [];
  const repository = await topLevelTable(text, `${tree} (tree manifest)`, "repository");
  const out = new Map<ModuleName, TreeRock>();
  for (const [rawName, versions] of tableEntries(repository)) {
    const name = tryModuleName(rawName);
    if (!name || name !== rawName || versions.type !== "TableConstructorExpression") continue;
    for (const [version, entries] of tableEntries(versions)) {
      if (!ROCK_VERSION.test(version) || entries.type !== "TableConstructorExpression") continue;
      const installed = firstTable(entries);
      const rock: TreeRock = {
        name,
        version,
        requires: stringKeys(field(installed, "dependencies")).map(tryModuleName).filter((item): item is ModuleName => item !== undefined).sort(),
        luaFiles: stringValues(field(installed, "modules")).filter(isRelativeInside).sort(),
      };
      const current = out.get(name);
      if (!current || compareRockVersions(version, current.version) > 0) out.set(name, rock);
    }
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * sha256 over what one rock put in the tree: its directory under rocks-<lua>/ (rockspec, rock_manifest, docs, copied
 * directories) and the Lua files it installed. The tree-wide manifest is left out: it changes with every other rock.
 * With a memo, a rock whose files all look as they did is not read again.
 */
export async function hashRock(tree: string, luaVersion: string, rock: TreeRock, memo?: DigestMemo): Promise<string> {
  const rockDir = path.join(rocksDir(tree, luaVersion), rock.name, rock.version);
  const entries = (await listFiles(rockDir).catch(() => [])).map((file) => ({ label: `rock/${file}`, file: path.join(rockDir, file) }));
  for (const file of rock.luaFiles) entries.push({ label: `lua/${file}`, file: path.join(tree, "share", "lua", luaVersion, file) });
  return hashFiles(entries, memo && { memo, key: `rock:${rockDir}` });
}

function firstTable(table: LuaValue): LuaTable | undefined {
  if (table.type !== "TableConstructorExpression") return undefined;
  for (const item of table.fields) {
    if (item.type === "TableValue" && item.value.type === "TableConstructorExpression") return item.value;
  }
  return undefined;
}

function field(table: LuaTable | undefined, key: string): LuaValue | undefined {
  return tableEntries(table).find(([name]) => name === key)?.[1];
}

function stringKeys(value: LuaValue | undefined): string[] {
  return value?.type === "TableConstructorExpression" ? tableEntries(value).map(([key]) => key) : [];
}

function stringValues(value: LuaValue | undefined): string[] {
  if (value?.type !== "TableConstructorExpression") return [];
  return tableEntries(value).flatMap(([, item]) => (item.type === "StringLiteral" ? [decodeLuaString(item.raw)] : []));
}

/** A manifest is data from a tree anyone in the prosody group may write: never let it name a file outside. */
function isRelativeInside(file: string): boolean {
  return file !== "" && !path.isAbsolute(file) && !file.split(/[\\/]/).includes("..");
}
