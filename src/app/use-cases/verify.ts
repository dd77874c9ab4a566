import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CopyStatus } from "../../core/model/actual.js";
import type { ModuleName, Source } from "../../core/types.js";
import { archiveModules } from "../../sources/community/hg.js";
import { compareFiles, type FileChanges } from "../../core/file-changes.js";
import { exists } from "../../system/fs-atomic.js";
import { fileHashes } from "../../system/tree-hash.js";
import type { Session } from "../session.js";
import { openWorkspace } from "./workspace.js";

export interface VerifiedModule {
  name: ModuleName;
  source: Source;
  status: Exclude<CopyStatus, "unmanaged">;
  revision: string;
  treeHash: string;
  /** Which files differ from the recorded revision, when the cached repository can tell. */
  added: string[];
  removed: string[];
  modified: string[];
}

/** Every module prosody-manager installed, both sources, against the hash recorded at install, naming changed files. */
export async function verifyInstalled(session: Session): Promise<{ modules: VerifiedModule[]; communityDir: string }> {
  const workspace = await openWorkspace(session, undefined);
  const out: VerifiedModule[] = [];
  for (const module of workspace.actual.community.values()) {
    if (module.status === "unmanaged") continue;
    const base = { name: module.name, source: "community" as const, status: module.status, revision: module.revision ?? "", treeHash: module.recordedHash ?? "", ...noChanges() };
    out.push(module.status === "modified" ? { ...base, ...(await changedFiles(workspace.targets.repo, module.name, module.revision ?? "", module.path)) } : base);
  }
  for (const rock of workspace.actual.rocks.values()) {
    if (!rock.managed) continue;
    const base = { name: rock.name, source: "rocks" as const, status: rock.status === "modified" ? ("modified" as const) : ("ok" as const), revision: rock.version, treeHash: rock.recordedHash ?? "" };
    // The actual state compared the rock's files with its rock_manifest already.
    out.push({ ...base, ...(rock.status === "modified" && rock.fileChanges ? rock.fileChanges : noChanges()) });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  return { modules: out, communityDir: workspace.targets.communityDir };
}

const noChanges = (): FileChanges => ({ added: [], removed: [], modified: [] });

/** The files added, removed and edited since the recorded revision: exported from the cache and compared. */
async function changedFiles(repo: string, name: ModuleName, revision: string, dir: string): Promise<FileChanges> {
  if (!revision || !(await exists(path.join(repo, ".hg")))) return noChanges();
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "pm-verify-"));
  try {
    await archiveModules(repo, revision, [name], scratch);
    const [recorded, now] = await Promise.all([fileHashes(path.join(scratch, name)), fileHashes(dir)]);
    return compareFiles(recorded.files, now.files);
  } catch {
    return noChanges();
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
