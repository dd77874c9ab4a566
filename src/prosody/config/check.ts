import { isLogLine, prosodyctlAvailable, runProsodyctl } from "../prosodyctl.js";

// `prosodyctl --config FILE check config` (0.12): exit 0 "All checks passed", 2 "Problems found" (its own advice:
// no global modules_enabled, mod_tls missing, options under the wrong section …), 1 when the config cannot be read
// at all (syntax error, a missing Include target or a glob whose directory is missing, a runtime error in it, or —
// as root without `run_as_root = true` — a config the prosody user cannot read, since prosodyctl switches to it).
// A missing certificate directory is only a log line, not a failure of this check.

export interface CheckOutcome {
  code: number;
  output: string;
  /** What the check complained about, one line each, boilerplate and log lines left out. */
  problems: string[];
}

/** Runs the check; undefined when Prosody is not installed. */
export async function checkConfig(configPath: string, env: NodeJS.ProcessEnv = process.env): Promise<CheckOutcome | undefined> {
  if (!(await prosodyctlAvailable({ env }))) return undefined;
  const result = await runProsodyctl(["check", "config"], { configPath, env, timeoutMs: 60_000 });
  const output = `${result.stdout}\n${result.stderr}`;
  return { code: result.code, output, problems: checkProblems(output) };
}

const BOILERPLATE = [
  /^Checking config\.\.\.$/,
  /^The following configuration files have been loaded:$/,
  /^-\s+\S/,
  /^Done\.$/,
  /^All checks passed/,
  /^Problems found, see above\.$/,
  /^\*+$/,
  /^More help on configuring Prosody/,
  /^Good luck!$/,
];

export function checkProblems(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => !isLogLine(line))
    .map((line) => line.trim())
    .filter((line) => line !== "" && !BOILERPLATE.some((pattern) => pattern.test(line)));
}

/**
 * What identifies a problem whatever the run: prosodyctl prints sets (modules to move to the global section,
 * obsolete options) in hash order, different on every run, so the items of a comma-separated line are sorted; the
 * module list under "Consider moving these modules…" is left out (the suggestion changes with any host's list, the
 * problem stays the same); and "file:12: Duplicate option" loses its line number, which an edit above it shifts.
 */
export function problemKey(line: string): string | undefined {
  if (/^"[^"]*"(?:\s*,\s*"[^"]*")*$/.test(line)) return undefined;
  const text = line.replace(/:\d+:/g, ":N:");
  const head = text.lastIndexOf(": ") + 1;
  const items = text.slice(head).split(/\s*,\s*/).map((item) => item.trim());
  return `${text.slice(0, head)} ${items.sort().join(", ")}`;
}

/**
 * Whether an edit may stay: the check passes, or it fails as it did before the edit (a sandbox without
 * certificates, a config that already had warnings) with no problem it did not have, compared as sets, so the edit
 * is not what broke it.
 */
export function checkVerdict(before: CheckOutcome | undefined, after: CheckOutcome): { ok: boolean; newProblems: string[] } {
  const known = new Set((before?.problems ?? []).map(problemKey));
  const newProblems = after.problems.filter((line) => problemKey(line) !== undefined && !known.has(problemKey(line)));
  if (after.code === 0) return { ok: true, newProblems: [] };
  const ok = before !== undefined && before.code === after.code && newProblems.length === 0;
  return { ok, newProblems: ok ? [] : newProblems.length > 0 ? newProblems : after.problems };
}
