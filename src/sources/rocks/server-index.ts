import { rockDependencyName } from "../../core/rock-constraints.js";
import { decodeLuaString } from "../../core/lua-string.js";
import { tryModuleName } from "../../core/names.js";
import { compareRockVersions, ROCK_VERSION } from "../../core/rock-version.js";
import type { ModuleName } from "../../core/types.js";
import { type LuaValue, topLevelTable } from "./lua-data.js";
import { tableEntries } from "./manifest.js";

/** One version of one rock on a server, with the files the manifest says it offers. */
export interface ServerRock {
  name: ModuleName;
  version: string;
  /** `rockspec`, `src`, `all` or a binary arch, as the manifest lists them. */
  arches: string[];
}

/**
 * Every (rock, version) of a server manifest. Names and versions come from a server, and they become file names and
 * URLs, so anything that is not a module name or a plain version is left out here, before anyone builds a path.
 */
export async function parseServerRocks(text: string, origin: string): Promise<{ rocks: ServerRock[]; skipped: string[] }> {
  const rocks: ServerRock[] = [];
  const skipped: string[] = [];
  for (const [rawName, versions] of tableEntries(await topLevelTable(text, origin, "repository"))) {
    const name = tryModuleName(rawName);
    if (!name || name !== rawName || versions.type !== "TableConstructorExpression") {
      skipped.push(rawName.slice(0, 60));
      continue;
    }
    for (const [version, files] of tableEntries(versions)) {
      if (!ROCK_VERSION.test(version)) {
        skipped.push(`${name} ${version.slice(0, 30)}`);
        continue;
      }
      rocks.push({ name, version, arches: archesOf(files) });
    }
  }
  rocks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareRockVersions(a.version, b.version)));
  return { rocks, skipped };
}

function archesOf(files: LuaValue): string[] {
  if (files.type !== "TableConstructorExpression") return [];
  const out: string[] = [];
  for (const field of files.fields) {
    if (field.type !== "TableValue" || field.value.type !== "TableConstructorExpression") continue;
    for (const [key, value] of tableEntries(field.value)) {
      if (key === "arch" && value.type === "StringLiteral") out.push(decodeLuaString(value.raw));
    }
  }
  return [...new Set(out)].sort();
}

/**
 * The files LuaRocks fetches for these arches: the rockspec, and the source or pure-Lua rock that installs without
 * reaching the rockspec's source URL (which an offline machine cannot). Binary rocks are for other machines.
 */
export function rockFiles(rock: Pick<ServerRock, "name" | "version" | "arches">): string[] {
  const base = `${rock.name}-${rock.version}`;
  const out: string[] = [];
  if (rock.arches.includes("rockspec")) out.push(`${base}.rockspec`);
  if (rock.arches.includes("src")) out.push(`${base}.src.rock`);
  if (rock.arches.includes("all")) out.push(`${base}.all.rock`);
  return out;
}

/** Whether a rock installs offline from these files: a rockspec alone would fetch its source from the network. */
export function installableOffline(rock: Pick<ServerRock, "arches">): boolean {
  return rock.arches.includes("src") || rock.arches.includes("all");
}

/** A rockspec's `dependencies` entries as written (`"mod_sasl2"`, `"lua >= 5.1"`), read by parsing, never running, it. */
export async function rockspecDependencyTexts(text: string, origin: string): Promise<string[]> {
  const out: string[] = [];
  for (const field of (await topLevelTable(text, origin, "dependencies"))?.fields ?? []) {
    if (field.type === "TableValue" && field.value.type === "StringLiteral") out.push(decodeLuaString(field.value.raw));
  }
  return out;
}

/**
 * The rocks a rockspec depends on by name (`"mod_sasl2"`, `"mod_x >= 2"`), module names only: `lua` and other
 * libraries are not the mirror's business.
 */
export async function rockspecModuleDependencies(text: string, origin: string): Promise<ModuleName[]> {
  const out = new Set<ModuleName>();
  for (const dependency of await rockspecDependencyTexts(text, origin)) {
    const word = rockDependencyName(dependency) ?? "";
    const name = tryModuleName(word);
    if (name && name === word) out.add(name);
  }
  return [...out].sort();
}
