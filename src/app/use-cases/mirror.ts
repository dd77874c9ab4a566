import { promises as fs } from "node:fs";
import path from "node:path";
import { failure, usageError, type UserError } from "../../core/errors.js";
import { EMPTY_LOCKFILE, type Lockfile } from "../../core/model/lockfile.js";
import { clone, isUnrelatedRepository } from "../../sources/community/hg.js";
import { changesetCount, changesetsFrom, pullAll } from "../../sources/community/mirror-hg.js";
import { pullCheckOptions, tipWithNothingToPull } from "../../sources/community/pull-check.js";
import { exists, siblingPath } from "../../system/fs-atomic.js";
import { acquireLock } from "../../system/lock.js";
import { makeReadableByAll } from "../mirror/modes.js";
import { readMirrorRecord, writeMirrorRecord } from "../mirror/record.js";
import { mirrorRocks, type RocksMirrorOutcome } from "../mirror/rocks.js";
import { verifyMirror, type MirrorVerdict } from "../mirror/verify.js";
import { readLockfile } from "../model/lockfile-store.js";
import type { Session } from "../session.js";

export interface MirrorRequest {
  dir: string;
  /** Every rock of the server, not only the lockfile's. */
  all: boolean;
}

export interface MirrorOutcome {
  dir: string;
  lockfilePath: string | undefined;
  community: { dir: string; url: string; changesets: number; added: string[] };
  rocks: RocksMirrorOutcome & { dir: string; all: boolean };
  verdict: MirrorVerdict;
}

/**
 * Writes a new mirror: the community repository cloned with its whole history (pins must still resolve) and a rocks
 * server directory. Built beside DIR and renamed into place once it verifies, so DIR is never half a mirror.
 */
export async function createMirror(session: Session, request: MirrorRequest): Promise<MirrorOutcome> {
  const dir = path.resolve(session.ctx.cwd, request.dir);
  if ((await exists(dir)) && (await fs.readdir(dir).catch(() => ["?"])).length > 0) {
    throw usageError(`${dir} exists and is not empty`, `to refresh a mirror run: prosody-manager mirror update ${request.dir}`);
  }
  const sources = await sourcesFor(session, undefined);
  const lockfile = await wantedLockfile(session, request.all);
  const staging = siblingPath(dir, "mirror");
  await fs.mkdir(staging, { recursive: true, mode: 0o755 });
  await fs.chmod(staging, 0o755);
  try {
    // Rocks first: a locked version the server lacks is found in seconds, before a long clone.
    const rocks = await mirrorRocks(sources.rocksServer, path.join(staging, "rocks"), request.all ? { all: true } : { all: false, lockfile: lockfile ?? EMPTY_LOCKFILE }, await session.luaVersion(), session.ctx.env);
    const community = path.join(staging, "community");
    session.ctx.log.info(`Cloning ${sources.communityUrl} (full history)…`);
    await clone(sources.communityUrl, community);
    const verdict = await verifyMirror({ community, rocks: path.join(staging, "rocks") }, lockfile, await session.luaVersion());
    if (verdict.problems.length > 0) throw unresolved(verdict, "nothing was written");
    await writeMirrorRecord(staging, { communityUrl: sources.communityUrl, rocksServer: sources.rocksServer, all: request.all });
    await makeReadableByAll(staging);
    if (await exists(dir)) await fs.rmdir(dir);
    await fs.rename(staging, dir);
    return {
      dir,
      lockfilePath: lockfile ? session.settings.lockfilePath : undefined,
      community: { dir: path.join(dir, "community"), url: sources.communityUrl, changesets: await changesetCount(path.join(dir, "community")), added: [] },
      rocks: { ...rocks, dir: path.join(dir, "rocks"), all: request.all },
      verdict,
    };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Refreshes a mirror in place: `hg pull` brings only new changesets, and only rock files the mirror lacks are fetched.
 * Nothing is removed, so machines still locked to older versions keep resolving. Sources default to the ones the
 * mirror was made from.
 */
export async function updateMirror(session: Session, request: MirrorRequest): Promise<MirrorOutcome> {
  const dir = path.resolve(session.ctx.cwd, request.dir);
  const community = path.join(dir, "community");
  if (!(await exists(path.join(community, ".hg")))) throw usageError(`${dir} is not a mirror (no community/ clone)`, `make one with: prosody-manager mirror create ${request.dir}`);
  // Two updates of one mirror would run make_manifest over each other's downloads; other runs need not wait.
  const lock = await acquireLock(path.join(dir, ".prosody-manager-mirror.lock"), { waitMs: Number(session.ctx.env.PROSODY_MANAGER_LOCK_WAIT_MS ?? 10_000) });
  try {
    return await refresh(session, dir, community, request.all);
  } finally {
    await lock.release();
  }
}

async function refresh(session: Session, dir: string, community: string, allFlag: boolean): Promise<MirrorOutcome> {
  const record = await readMirrorRecord(dir);
  const sources = await sourcesFor(session, record);
  const all = allFlag || record?.all === true;
  const lockfile = await wantedLockfile(session, all);

  const before = await changesetCount(community);
  // The upstream's heads first: when the mirror holds them all, no pull (and no second count) is needed.
  const current = (await tipWithNothingToPull(community, sources.communityUrl, pullCheckOptions(session.ctx.env))) !== undefined;
  if (!current) {
    session.ctx.log.info(`Pulling from ${sources.communityUrl}…`);
    await pullAll(community, sources.communityUrl).catch((error: unknown) => {
      // A mirror serves servers pinned to its revisions: it is never replaced by another repository's history.
      throw isUnrelatedRepository(error) ? failure(error.message, `the mirror is a copy of another repository: make a mirror of ${sources.communityUrl} in a new directory with 'prosody-manager mirror create DIR'`) : error;
    });
  }
  const after = current ? before : await changesetCount(community);
  const added = after > before ? await changesetsFrom(community, before) : [];
  const rocksDir = path.join(dir, "rocks");
  const rocks = await mirrorRocks(sources.rocksServer, rocksDir, all ? { all: true } : { all: false, lockfile: lockfile ?? EMPTY_LOCKFILE }, await session.luaVersion(), session.ctx.env);
  await writeMirrorRecord(dir, { communityUrl: sources.communityUrl, rocksServer: sources.rocksServer, all });
  await makeReadableByAll(community);
  await makeReadableByAll(rocksDir);
  const verdict = await verifyMirror({ community, rocks: rocksDir }, lockfile, await session.luaVersion());
  if (verdict.problems.length > 0) throw unresolved(verdict, "what was fetched is kept");
  return {
    dir,
    lockfilePath: lockfile ? session.settings.lockfilePath : undefined,
    community: { dir: community, url: sources.communityUrl, changesets: after, added },
    rocks: { ...rocks, dir: rocksDir, all },
    verdict,
  };
}

/** A flag wins; then where the mirror came from; then the usual settings (Prosody config, defaults). */
async function sourcesFor(session: Session, record: { communityUrl: string; rocksServer: string } | undefined): Promise<{ communityUrl: string; rocksServer: string }> {
  const flags = session.ctx.flags;
  const communityUrl = flags.communityUrl || !record ? session.settings.communityUrl : record.communityUrl;
  const rocksServer = flags.rocksServer || !record ? (await session.settings.rocksServer()).value : record.rocksServer;
  return { communityUrl, rocksServer };
}

/** Without --all the lockfile says what to mirror, so it must exist; with --all it is only used to verify. */
async function wantedLockfile(session: Session, all: boolean): Promise<Lockfile | undefined> {
  const file = session.settings.lockfilePath;
  const lockfile = await readLockfile(file);
  if (!lockfile && !all) throw failure(`there is no lockfile at ${file} to say what to mirror`, "pass --lockfile PATH, or --all to mirror every rock of the server");
  return lockfile;
}

function unresolved(verdict: MirrorVerdict, after: string): UserError {
  return failure(`the mirror does not resolve every locked module: ${verdict.problems.slice(0, 5).join("; ")}${verdict.problems.length > 5 ? ` (and ${verdict.problems.length - 5} more)` : ""}`, after);
}
