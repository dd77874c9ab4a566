import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import type { Lockfile } from "../../core/model/lockfile.js";
import { fetchManifest } from "../../sources/rocks/fetch-manifest.js";
import { downloadRockFile, makeServerManifest } from "../../sources/rocks/server-dir.js";
import { installableOffline, parseServerRocks, rockFiles, type ServerRock } from "../../sources/rocks/server-index.js";
import { exists } from "../../system/fs-atomic.js";

export interface AddedRock {
  name: string;
  version: string;
  files: string[];
}

export interface RocksMirrorOutcome {
  server: string;
  /** Rock versions the mirror is meant to hold. */
  wanted: number;
  added: AddedRock[];
  /** Rejected names and binary-only rocks of the server, left out. */
  skipped: string[];
  manifestWritten: boolean;
}

const PARALLEL_DOWNLOADS = 4;

/**
 * Brings `dir` up to date with what the selection needs from `server`: only files it lacks are fetched (a published
 * rock version never changes), and the manifests are rebuilt only when something was added or they are missing.
 */
export async function mirrorRocks(
  server: string,
  dir: string,
  selection: { all: true } | { all: false; lockfile: Lockfile },
  luaVersion: string,
  env: NodeJS.ProcessEnv,
): Promise<RocksMirrorOutcome> {
  // A lockfile without rocks needs nothing from the server: a community-only mirror works with the server unreachable.
  const needsServer = selection.all || selection.lockfile.rocks.size > 0;
  const upstream = needsServer ? await parseServerRocks((await fetchManifest(server, luaVersion)).text, server) : { rocks: [], skipped: [] };
  const skipped = [...upstream.skipped];
  const wanted = selection.all ? upstream.rocks.filter((rock) => installableOffline(rock) || (skipped.push(`${rock.name} ${rock.version} (binary only)`), false)) : lockedRocks(server, upstream.rocks, selection.lockfile);

  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const jobs: { rock: ServerRock; file: string }[] = [];
  for (const rock of wanted) {
    for (const file of rockFiles(rock)) if (!(await exists(path.join(dir, file)))) jobs.push({ rock, file });
  }
  const fetched = new Map<string, AddedRock>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      if (!(await downloadRockFile(server, job.file, dir))) throw failure(`the rocks server ${server} lists ${job.rock.name} ${job.rock.version} but has no ${job.file}`);
      const key = `${job.rock.name}-${job.rock.version}`;
      const entry = fetched.get(key) ?? { name: job.rock.name, version: job.rock.version, files: [] };
      entry.files.push(job.file);
      fetched.set(key, entry);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, jobs.length) }, worker));

  const manifestMissing = !(await exists(path.join(dir, `manifest-${luaVersion}.zip`)));
  if (fetched.size > 0 || manifestMissing) await makeServerManifest(dir, luaVersion, env);
  const added = [...fetched.values()].map((rock) => ({ ...rock, files: rock.files.sort() })).sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1));
  return { server, wanted: wanted.length, added, skipped, manifestWritten: fetched.size > 0 || manifestMissing };
}

/** Each locked rock at its locked version; the lockfile already holds the rocks they depend on. */
function lockedRocks(server: string, offered: readonly ServerRock[], lockfile: Lockfile): ServerRock[] {
  const out: ServerRock[] = [];
  const missing: string[] = [];
  for (const [name, locked] of lockfile.rocks) {
    const rock = offered.find((item) => item.name === name && item.version === locked.version);
    if (rock && installableOffline(rock)) out.push(rock);
    else missing.push(`${name} ${locked.version}`);
  }
  if (missing.length > 0) throw failure(`the rocks server ${server} does not offer ${missing.join(", ")} (locked)`, "point --rocks-server at the server the lockfile was made from; nothing was mirrored");
  return out;
}
