import { existsSync } from "node:fs";
import { cliPath } from "./cli.js";
import { ensureFixture } from "./fixture-paths.js";
import { assertTools } from "./requirements.js";

/** e2e tests run the built CLI against the real fixture and the real tools; all must exist before any test starts. */
export default async function setup(): Promise<void> {
  // Every e2e file needs these: one clear error here beats each file failing on a spawn ENOENT of its own.
  assertTools("hg", "luarocks", "prosody", "prosodyctl");
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' (scripts/test.sh does)`);
  await ensureFixture();
}
