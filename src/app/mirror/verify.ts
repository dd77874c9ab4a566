import path from "node:path";
import { promises as fs } from "node:fs";
import type { Lockfile } from "../../core/model/lockfile.js";
import { resolveRevisions } from "../../sources/community/hg.js";
import { modulesPresentAt } from "../../sources/community/mirror-hg.js";
import { installableOffline, parseServerRocks, rockFiles, rockspecModuleDependencies } from "../../sources/rocks/server-index.js";
import { exists } from "../../system/fs-atomic.js";

export interface MirrorVerdict {
  /** Locked community modules whose revision and directory the clone has. */
  community: number;
  /** Locked rocks whose files are there and listed in the manifest. */
  rocks: number;
  problems: string[];
}

/**
 * Whether every locked module resolves from the mirror alone, as `module apply` will ask it to: each revision is in
 * the clone with the module's directory, each rock is in the manifest LuaRocks reads and its files are there.
 */
export async function verifyMirror(dirs: { community: string; rocks: string }, lockfile: Lockfile | undefined, luaVersion: string): Promise<MirrorVerdict> {
  const problems: string[] = [];
  for (const name of ["manifest", `manifest-${luaVersion}`, `manifest-${luaVersion}.zip`]) {
    if (!(await exists(path.join(dirs.rocks, name)))) problems.push(`${path.join(dirs.rocks, name)} is missing`);
  }
  if (!lockfile) return { community: 0, rocks: 0, problems };

  let community = 0;
  const revisions = [...new Set([...lockfile.community.values()].map((entry) => entry.revision))];
  const known = await resolveRevisions(dirs.community, revisions);
  for (const revision of revisions) {
    const names = [...lockfile.community].filter(([, entry]) => entry.revision === revision).map(([name]) => name);
    if (!known.has(revision)) {
      problems.push(`${names.join(", ")}: revision ${revision.slice(0, 12)} is not in ${dirs.community}`);
      continue;
    }
    const present = await modulesPresentAt(dirs.community, revision, names);
    for (const name of names) {
      if (present.has(name)) community++;
      else problems.push(`${name}: no ${name}/ at revision ${revision.slice(0, 12)} in ${dirs.community}`);
    }
  }

  let rocks = 0;
  const manifestFile = path.join(dirs.rocks, `manifest-${luaVersion}`);
  const listed = (await exists(manifestFile)) ? (await parseServerRocks(await fs.readFile(manifestFile, "utf8"), manifestFile)).rocks : [];
  for (const [name, locked] of lockfile.rocks) {
    const rock = listed.find((item) => item.name === name && item.version === locked.version);
    if (!rock || !installableOffline(rock)) {
      problems.push(`${name} ${locked.version} is not in ${manifestFile}`);
      continue;
    }
    const absent: string[] = [];
    for (const file of rockFiles(rock)) if (!(await exists(path.join(dirs.rocks, file)))) absent.push(file);
    if (absent.length > 0) {
      problems.push(`${name} ${locked.version}: ${absent.join(", ")} missing from ${dirs.rocks}`);
      continue;
    }
    // LuaRocks installs a rock's dependencies from the same server: each must be there too, or an offline install stops.
    const rockspec = path.join(dirs.rocks, `${name}-${locked.version}.rockspec`);
    const needs = (await exists(rockspec)) ? await rockspecModuleDependencies(await fs.readFile(rockspec, "utf8"), rockspec) : [];
    const lacking = needs.filter((dependency) => !listed.some((item) => item.name === dependency && installableOffline(item)));
    if (lacking.length === 0) rocks++;
    else problems.push(`${name} ${locked.version} depends on ${lacking.join(", ")}, which ${manifestFile} does not list (lock it, or mirror with --all)`);
  }
  return { community, rocks, problems };
}
