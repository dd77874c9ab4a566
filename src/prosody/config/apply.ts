import { promises as fs } from "node:fs";
import { failure } from "../../core/errors.js";
import { run } from "../../system/exec.js";
import { writeFileAtomic } from "../../system/fs-atomic.js";
import type { ConfigEdit } from "./edit.js";
import { parseConfigText } from "./parse.js";

export interface CheckOutcome {
  code: number;
  output: string;
}

/** `prosodyctl check config`: 0 fine, 2 problems found (warnings such as TLS), 1 unreadable; undefined without Prosody. */
export async function checkConfig(configPath: string, env: NodeJS.ProcessEnv): Promise<CheckOutcome | undefined> {
  try {
    const result = await run("prosodyctl", ["--config", configPath, "check", "config"], { env, timeoutMs: 60_000 });
    return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
  } catch {
    return undefined;
  }
}

export interface AppliedEdits {
  backups: string[];
  check: CheckOutcome | undefined;
}

/**
 * Writes each changed file atomically with a backup beside it (`file.bak`), keeping mode and owner, then asks
 * prosodyctl to check the config. If the check is worse than before the edit, every file is put back as it was.
 */
export async function applyConfigEdits(configPath: string, edits: readonly ConfigEdit[], env: NodeJS.ProcessEnv): Promise<AppliedEdits> {
  const changed = edits.filter((item) => item.changed);
  if (changed.length === 0) return { backups: [], check: undefined };
  // Splices of valid Lua stay valid, but nothing unparsable is ever written, whatever the check can see.
  for (const item of changed) parseConfigText(item.after, item.file);
  const baseline = await checkConfig(configPath, env);
  const backups: string[] = [];
  const written: ConfigEdit[] = [];
  try {
    for (const item of changed) {
      const stat = await fs.stat(item.file);
      const backup = `${item.file}.bak`;
      await writeFileAtomic(backup, item.before, stat.mode & 0o7777);
      backups.push(backup);
      await writeFileAtomic(item.file, item.after, stat.mode & 0o7777);
      written.push(item);
      await fs.chown(item.file, stat.uid, stat.gid).catch(() => undefined);
    }
  } catch (error) {
    await restore(written);
    throw failure(`could not write the Prosody config: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
  }
  const check = baseline ? await checkConfig(configPath, env) : undefined;
  // Only a check worse than before the edit counts: a config prosodyctl could not read before says nothing of ours.
  if (baseline && check && ((check.code === 1 && baseline.code !== 1) || (check.code !== 0 && baseline.code === 0))) {
    await restore(written);
    throw failure(`prosodyctl check config failed after the edit, so the config was put back: ${checkProblem(check.output)}`);
  }
  return { backups, check };
}

async function restore(written: readonly ConfigEdit[]): Promise<void> {
  for (const item of written) {
    const stat = await fs.stat(item.file).catch(() => undefined);
    await writeFileAtomic(item.file, item.before, stat ? stat.mode & 0o7777 : undefined);
  }
}

function checkProblem(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "" && !/^\*+$|^Checking config|^Done\.|certmanager/.test(line));
  return lines.find((line) => /^Error:/.test(line)) ?? lines.slice(0, 3).join(" ") ?? "unknown problem";
}
