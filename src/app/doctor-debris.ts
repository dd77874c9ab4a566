import { promises as fs } from "node:fs";
import path from "node:path";
import { type CheckResult, ok, warn } from "../core/doctor.js";
import { journalPathFor } from "../system/journal.js";
import { tempLeftovers } from "../system/temp-leftovers.js";
import type { Session } from "./session.js";

// What a change leaves only while it runs: a staging directory, copies moved aside, a rocks tree backup.
const DEBRIS = /^\.(staging\.stage-|.+\.old-\d+-|.+\.backup-\d+-)/;

/**
 * Leftovers of an interrupted run (the next changing command removes them) and local work kept by --force or apply
 * (kept until the admin deletes it): both are named, never deleted here.
 */
export async function debrisChecks(session: Session): Promise<CheckResult[]> {
  const [communityDir, installerPath] = await Promise.all([session.settings.communityDir(), session.settings.installerPath()]);
  const places = [communityDir.value, path.dirname(path.resolve(installerPath.value))];
  const found: string[] = [];
  for (const dir of places) {
    for (const entry of await fs.readdir(dir).catch(() => [] as string[])) if (DEBRIS.test(entry)) found.push(path.join(dir, entry));
  }
  found.push(...tempLeftovers(await session.leftoverDirs()));
  const journal = journalPathFor(session.settings.lockfilePath);
  if (await fs.access(journal).then(() => true, () => false)) found.push(journal);
  const results: CheckResult[] = [
    found.length === 0
      ? ok("debris", "no leftovers of an interrupted run")
      : warn("debris", `an interrupted run left ${found.join(", ")}`, "any changing command (e.g. 'prosody-manager module apply --check') undoes or finishes it"),
  ];
  const backupsDir = path.join(communityDir.value, ".prosody-manager-backups");
  const backups = await fs.readdir(backupsDir).catch(() => [] as string[]);
  if (backups.length > 0) results.push(warn("backups", `local work kept in ${backupsDir}: ${backups.sort().join(", ")}`, "look through it, then delete what you do not need"));
  return results;
}
