import { communityRepoPath } from "../community-sync.js";
import { rocksTarget, type RocksTarget } from "../rocks-context.js";
import type { Session } from "../session.js";
import { phase } from "../../core/phase-trace.js";

/** Every place a change can touch, resolved once per run. */
export interface Targets {
  /** The cached community repository. */
  repo: string;
  communityDir: string;
  rocks: RocksTarget;
  lockfilePath: string;
  /** Where displaced local work is kept (dated subdirectories). */
  backupsDir: string;
}

export async function resolveTargets(session: Session): Promise<Targets> {
  const [communityDir, rocks] = await Promise.all([session.settings.communityDir(), rocksTarget(session)]);
  phase("targets resolved");
  return {
    repo: communityRepoPath(session.settings.cacheDir),
    communityDir: communityDir.value,
    rocks,
    lockfilePath: session.settings.lockfilePath,
    backupsDir: `${communityDir.value}/.prosody-manager-backups`,
  };
}
