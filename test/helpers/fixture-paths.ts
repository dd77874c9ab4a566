import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { buildFixture } from "../../scripts/fixture/build.js";
import type { FixtureHistory } from "../../scripts/fixture/community-repo.js";
import { repoRoot } from "./cli.js";

export type { FixtureHistory } from "../../scripts/fixture/community-repo.js";

export const fixtureRoot = path.join(repoRoot, "fixtures", "build");
export const communityRepo = path.join(fixtureRoot, "community");
export const rocksDir = path.join(fixtureRoot, "rocks");
export const debRoot = path.join(fixtureRoot, "deb", "root");
export const historyFile = path.join(fixtureRoot, "history.json");

export async function loadHistory(): Promise<FixtureHistory> {
  return JSON.parse(await fs.readFile(historyFile, "utf8")) as FixtureHistory;
}

/** Builds whatever part of the fixture is missing (a no-op when scripts/test.sh already built it). */
export async function ensureFixture(): Promise<void> {
  if (existsSync(historyFile) && existsSync(path.join(rocksDir, "manifest"))) return;
  await buildFixture(fixtureRoot);
}
