import { compareModuleNames } from "./names.js";
import { tryModuleName } from "./names.js";
import type { InstalledCommunityModule, StateFile } from "./types.js";
import { isRecord } from "./json-shape.js";

export const EMPTY_STATE: StateFile = { schema: 1, modules: [] };

/** Validates a state document read from disk; an entry that does not fit is dropped and reported, not trusted. */
export function parseState(raw: unknown): { state: StateFile; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw) || raw.schema !== 1 || !Array.isArray(raw.modules)) {
    return { state: { schema: 1, modules: [] }, problems: ["state file is not a prosody-manager state document (schema 1)"] };
  }
  const modules: InstalledCommunityModule[] = [];
  for (const item of raw.modules) {
    const parsed = parseEntry(item);
    if (parsed) modules.push(parsed);
    else problems.push(`ignored an unreadable entry: ${JSON.stringify(item).slice(0, 80)}`);
  }
  return { state: { schema: 1, modules: sortByName(modules) }, problems };
}

function parseEntry(item: unknown): InstalledCommunityModule | undefined {
  if (!isRecord(item)) return undefined;
  const name = typeof item.name === "string" ? tryModuleName(item.name) : undefined;
  const text = (key: string): string | undefined => (typeof item[key] === "string" ? (item[key] as string) : undefined);
  const revision = text("revision");
  const treeHash = text("treeHash");
  const path = text("path");
  if (!name || name !== item.name || !revision || !treeHash || !path) return undefined;
  return {
    name,
    source: "community",
    revision,
    pinned: item.pinned === true,
    treeHash,
    reason: item.reason === "dependency" ? "dependency" : "requested",
    installedAt: text("installedAt") ?? "",
    path,
  };
}

/** Replaces or adds entries and removes names, keeping the file sorted so diffs of it stay readable. */
export function updateState(state: StateFile, upserts: readonly InstalledCommunityModule[], removals: readonly string[]): StateFile {
  const byName = new Map(state.modules.map((module) => [module.name, module] as const));
  for (const name of removals) byName.delete(name as InstalledCommunityModule["name"]);
  for (const module of upserts) byName.set(module.name, module);
  return { schema: 1, modules: sortByName([...byName.values()]) };
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareModuleNames(a.name, b.name));
}

