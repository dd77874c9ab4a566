import { existsSync } from "node:fs";
import { cliPath } from "./cli.js";
import { ensureFixture } from "./fixture-paths.js";

/** e2e tests run the built CLI against the real fixture; both must exist before any test starts. */
export default async function setup(): Promise<void> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'npm run build' (scripts/test.sh does)`);
  await ensureFixture();
}
