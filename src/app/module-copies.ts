import path from "node:path";
import type { ActualState } from "../core/model/actual.js";
import { collectCopies, type ModuleCopies, type ModuleCopy, type SearchDir } from "../core/model/copies.js";
import type { ModuleName } from "../core/types.js";
import { modulesInDir } from "../prosody/module-dirs.js";
import { resolveTargets, type Targets } from "./model/targets.js";
import { moduleSearchPath } from "./search-path.js";
import type { Session } from "./session.js";
import { readActualStateToShow } from "./shown-state.js";
import { phase } from "../core/phase-trace.js";

export interface CopiesView {
  searchPath: SearchDir[];
  communityDir: string;
  tree: string;
  /** By name, sorted: every module with a copy outside the built-in directory, plus the names asked for. */
  modules: Map<ModuleName, ModuleCopies>;
}

export interface CopiesRequest {
  /** Also these modules, even when only built in or found nowhere; without it, every installed module. */
  names?: readonly ModuleName[];
  /** Only the names asked for. */
  only?: boolean;
  /** The actual state when the caller has read it already. */
  actual?: ActualState;
  /** The targets when the caller has resolved them already (with the actual state). */
  targets?: Targets;
  /**
   * Hash installed trees to tell local changes (status "modified"): true for every module (the default), "named" for
   * the names asked for only, false for none (search and completion only ask what is installed where).
   */
  check?: boolean | "named";
}

/**
 * Every copy of every installed module on this machine, and the one Prosody loads: the community directory (managed,
 * modified, missing or unmanaged, from the actual state), hand-made copies in any other plugin_paths entry, rocks in
 * the installer tree (recorded or not), and Prosody's built-in module. Read from files only (no LuaRocks, hg or
 * prosodyctl run), so search and shell completion can ask it too.
 */
export async function readModuleCopies(session: Session, request: CopiesRequest = {}): Promise<CopiesView> {
  const targets = request.targets ?? (await resolveTargets(session));
  const [searchPath, luaVersion, actual, builtins] = await Promise.all([
    moduleSearchPath(session),
    session.luaVersion(),
    request.actual ?? readActualStateToShow(session, targets, checker(request)),
    session.builtins(),
  ]);
  const communityDir = path.resolve(session.ctx.cwd, targets.communityDir);
  const tree = path.resolve(session.ctx.cwd, targets.rocks.tree);
  const found = new Map<ModuleName, ModuleCopy[]>();
  const add = (name: ModuleName, copy: ModuleCopy): void => void found.set(name, [...(found.get(name) ?? []), copy]);

  for (const entry of searchPath) {
    if (entry.kind === "builtin") continue;
    const files = modulesInDir(entry.dir, luaVersion);
    const known = new Set<ModuleName>();
    if (entry.dir === tree) {
      for (const rock of actual.rocks.values()) {
        known.add(rock.name);
        add(rock.name, { source: "rocks", dir: entry.dir, path: tree, file: files.get(rock.name), version: rock.version, status: rock.status, pinned: rock.pinned, reason: rock.managed ? rock.reason : undefined });
      }
    }
    if (entry.dir === communityDir) {
      for (const module of actual.community.values()) {
        known.add(module.name);
        const managed = module.status !== "unmanaged";
        const file = files.get(module.name);
        // An unmanaged copy may be a loose mod_x.lua: its path is what the loader found, not a guessed directory.
        const where = !managed && file ? moduleRoot(entry.dir, file) : module.path;
        add(module.name, { source: "community", dir: entry.dir, path: where, file, version: module.revision, status: module.status, pinned: module.pinned, reason: managed ? module.reason : undefined });
      }
    }
    // Anything else Prosody finds here was put there by hand.
    for (const [name, file] of files) {
      if (!known.has(name)) add(name, { source: "community", dir: entry.dir, path: moduleRoot(entry.dir, file), file, version: undefined, status: "unmanaged", pinned: false, reason: undefined });
    }
  }

  const names = new Set<ModuleName>([...(request.only ? [] : found.keys()), ...(request.names ?? [])]);
  const modules = new Map<ModuleName, ModuleCopies>();
  for (const name of [...names].sort()) {
    const copies = found.get(name) ?? [];
    const builtin = builtins.modules.get(name);
    if (builtin && builtins.dir) copies.push({ source: "builtin", dir: path.resolve(builtins.dir), path: moduleRoot(builtins.dir, builtin), file: builtin, version: undefined, status: "builtin", pinned: false, reason: undefined });
    modules.set(name, collectCopies(name, copies, searchPath));
  }
  phase("module copies found");
  return { searchPath, communityDir, tree, modules };
}

/** `/dir/mod_x/x/mod_x.lua` → `/dir/mod_x`: the directory (or the loose file) that is the copy. */
function moduleRoot(dir: string, file: string): string {
  const first = path.relative(dir, file).split(path.sep)[0] ?? "";
  return path.join(dir, first);
}

function checker(request: CopiesRequest): (name: ModuleName) => boolean {
  if (request.check === false) return () => false;
  if (request.check === "named") {
    const named = new Set(request.names ?? []);
    return (name) => named.has(name);
  }
  return () => true;
}
