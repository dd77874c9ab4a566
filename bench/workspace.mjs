// The sandbox every bench script works in: an upstream clone of the generated repository (so a bench can give it new
// changesets), a cache, a community directory and a rocks tree, and the prosody-manager flags that point at them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function hg(...args) {
  execFileSync("hg", ["--config", "ui.username=bench <bench@localhost>", ...args], { stdio: "ignore", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
}

export function benchWorkspace(data, cli, name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pm-bench-${name}-`));
  const paths = {
    dir,
    upstream: path.join(dir, "upstream"),
    cache: path.join(dir, "cache"),
    cacheRepo: path.join(dir, "cache", "community"),
    modulesDir: path.join(dir, "modules"),
    tree: path.join(dir, "tree"),
  };
  const flags = [
    "--cache-dir", paths.cache,
    "--community-url", paths.upstream,
    "--community-dir", paths.modulesDir,
    "--rocks-server", data.rocks,
    "--installer-path", paths.tree,
    "--config", path.join(dir, "absent.cfg.lua"),
  ];
  hg("clone", "--quiet", "-U", data.community, paths.upstream);
  let edits = 0;
  /** Upstream gains one changeset that appends a line to each named module's Lua file (not timed). */
  const touchUpstream = (names) => {
    edits++;
    const work = path.join(dir, "work");
    rmSync(work, { recursive: true, force: true });
    hg("clone", "--quiet", paths.upstream, work);
    for (const name of names) writeFileSync(path.join(work, name, `${name}.lua`), `-- bench edit ${edits}\n`, { flag: "a" });
    hg("commit", "--quiet", "-R", work, "-m", `bench edit ${edits}`);
    hg("push", "--quiet", "-R", work, paths.upstream);
  };
  return { ...paths, flags, pmArgs: (...args) => [cli, ...flags, ...args], touchUpstream };
}

/**
 * Modules an admin might pick: code, no community dependencies, newest revisions spread over the history
 * (round-robin over revisions, so an install that costs one hg run per distinct revision shows it).
 */
export function chooseCommunityModules(modules, count) {
  const candidates = modules.filter((module) => module.hasCode && module.dependencies.community.length === 0 && /_g\d+$/.test(module.name));
  const byRevision = new Map();
  for (const module of candidates) byRevision.set(module.revision, [...(byRevision.get(module.revision) ?? []), module.name]);
  const out = [];
  while (out.length < count) {
    for (const names of byRevision.values()) if (names.length > 0 && out.length < count) out.push(names.shift());
  }
  return out;
}

/**
 * A workspace as `npm run bench` leaves it for the read commands, made by `cli` itself (builds may not share a cache
 * format): synced, 20 community modules and 2 rocks (3 with a dependency) installed. Answers it and a module for `info`.
 */
export function preparedWorkspace(data, cli, name) {
  const workspace = benchWorkspace(data, path.resolve(cli), name);
  const pm = (...args) => execFileSync(process.execPath, workspace.pmArgs(...args), { stdio: ["ignore", "ignore", "pipe"] });
  pm("module", "sync");
  const catalogue = JSON.parse(readFileSync(path.join(workspace.cache, "catalogue.json"), "utf8"));
  const chosen = chooseCommunityModules(catalogue.community.modules, 20);
  pm("module", "install", "--no-config", ...chosen);
  pm("module", "rocks", "install", "--no-config", "mod_sasl2_fast", "mod_pastebin");
  return { workspace, info: chosen[0] };
}
