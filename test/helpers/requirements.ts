import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

/**
 * Tests that need the real Prosody (or another system tool) ask here whether it is present. CI sets
 * REQUIRE_PROSODY=1 (see .ci/run): there a missing tool is an error that fails the run, because a suite that skips
 * its Prosody tests passes without having tested anything that matters. Without the variable (a developer's machine
 * without Prosody) the tests are skipped and the reason is printed once.
 */
export const REQUIRED = process.env.REQUIRE_PROSODY === "1";

/** The tools the suite knows how to ask for; each comes from a Debian package named in the message. */
const PACKAGES: Record<string, string> = {
  prosody: "prosody",
  prosodyctl: "prosody",
  luarocks: "luarocks",
  "luarocks-admin": "luarocks",
  hg: "mercurial",
  diff: "diffutils",
  patch: "patch",
  "ansible-playbook": "ansible-core",
};

export function findExecutable(name: string, searchPath: string = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const reported = new Set<string>();

function missing(what: string[], why: string): boolean {
  if (what.length === 0) return true;
  const message = `${what.join(", ")} ${what.length === 1 ? "is" : "are"} missing (${why})`;
  if (REQUIRED) {
    throw new Error(`REQUIRE_PROSODY=1 but ${message}: install it (bash scripts/setup.sh does) instead of letting these tests skip`);
  }
  if (!reported.has(message)) {
    reported.add(message);
    process.stderr.write(`note: skipping tests: ${message}; set REQUIRE_PROSODY=1 to make this an error\n`);
  }
  return false;
}

/**
 * True when every tool is on PATH. Missing under REQUIRE_PROSODY=1: throws, which fails the test file at collection.
 * Use as `describe.runIf(haveTools("prosodyctl"))(…)`.
 */
export function haveTools(...tools: string[]): boolean {
  const absent = tools.filter((tool) => findExecutable(tool) === undefined);
  return missing(absent, absent.map((tool) => `Debian package ${PACKAGES[tool] ?? tool}`).join(", "));
}

/** True when a file or directory a test reads exists (e.g. what the prosody package installs); same rules as haveTools. */
export function havePath(file: string, providedBy: string): boolean {
  return missing(existsSync(file) ? [] : [file], `from ${providedBy}`);
}

/** Throws a clear error when a tool is missing, whatever REQUIRE_PROSODY says: for tests that cannot run without it. */
export function assertTools(...tools: string[]): void {
  const absent = tools.filter((tool) => findExecutable(tool) === undefined);
  if (absent.length > 0) {
    throw new Error(`${absent.join(", ")} not found on PATH; install ${[...new Set(absent.map((tool) => PACKAGES[tool] ?? tool))].join(" ")} (bash scripts/setup.sh does)`);
  }
}

/** True when the tests run as root (CI does); same rules as haveTools: under REQUIRE_PROSODY=1 its absence throws. */
export function haveRoot(why: string): boolean {
  return missing(process.getuid?.() === 0 ? [] : ["root"], why);
}
