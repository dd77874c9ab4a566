import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildFixture, fixtureLayout } from "../../scripts/fixture/build.js";
import { type FixtureHistory, readHistory } from "../../scripts/fixture/history.js";

export type { FixtureHistory, RevisionRecord } from "../../scripts/fixture/history.js";
export { touchingRevisions } from "../../scripts/fixture/history.js";

/** fixtures/build in this checkout, where `node dist/fixture.js build` puts it by default. */
export const fixtureRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/build");
const layout = fixtureLayout(fixtureRoot);
/** The community Mercurial repository (a local path hg clones and pulls from). */
export const communityRepo = layout.communityRepo;
/** The rocks server's directory: serve it with serveDirectory(), or pass it to LuaRocks as a local server. */
export const rocksDir = layout.rocksDir;
/** The unpacked Debian package (usr/lib/prosody/modules, usr/share/doc/prosody-modules). */
export const debRoot = layout.debRoot;
export const historyFile = layout.historyFile;

/** A clone of the fixture's community repository at `dest`: an upstream a test may give new changesets. Answers `dest`. */
export function upstreamCopy(dest: string): string {
  execFileSync("hg", ["clone", "--quiet", communityRepo, dest]);
  return dest;
}

export function loadHistory(): Promise<FixtureHistory> {
  return readHistory(historyFile);
}

/** Builds the fixture, or whatever part is missing or stale; returns at once when it is complete. */
export async function ensureFixture(): Promise<void> {
  await buildFixture(fixtureRoot);
}
