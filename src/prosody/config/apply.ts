import { promises as fs } from "node:fs";
import { describe, failure } from "../../core/errors.js";
import { type CheckOutcome, checkConfig, checkVerdict } from "./check.js";
import type { ConfigEdit } from "./splice.js";
import { writeLike } from "./write.js";

export { type CheckOutcome, checkConfig } from "./check.js";

export interface AppliedEdits {
  /** `file.bak` beside each file written, holding its bytes from before the edit. */
  backups: string[];
  /** The check after the edit; undefined when not asked for or Prosody is not installed. */
  check: CheckOutcome | undefined;
}

interface Target {
  edit: ConfigEdit;
  /** The real file: a conf.d entry is often a symlink into conf.avail, and the link must stay a link. */
  real: string;
  original: Buffer;
}

/**
 * Writes each changed file atomically with a backup beside it (`file.bak`), keeping mode and owner; then, when
 * `check` is on and prosodyctl exists, runs `prosodyctl check config` on the main config. If the check is worse
 * than before the edit, every file gets its original bytes back and the check's complaint is the UserError.
 * A file that changed on disk since it was read (or is not UTF-8, so it cannot be spliced) is refused, untouched.
 */
export async function applyConfigEdits(
  configPath: string,
  edits: readonly ConfigEdit[],
  env: NodeJS.ProcessEnv = process.env,
  options: { check?: boolean } = {},
): Promise<AppliedEdits> {
  const changed = edits.filter((item) => item.changed);
  if (changed.length === 0) return { backups: [], check: undefined };
  const targets = await Promise.all(changed.map(readTarget));
  const check = options.check ?? true;
  const baseline = check ? await checkConfig(configPath, env) : undefined;
  const backups: string[] = [];
  const written: Target[] = [];
  try {
    for (const target of targets) {
      const stat = await fs.stat(target.real);
      const backup = `${target.real}.bak`;
      await writeLike(backup, target.original, stat);
      backups.push(backup);
      await writeLike(target.real, target.edit.after, stat);
      written.push(target);
    }
  } catch (error) {
    await restore(written);
    throw failure(`could not write the Prosody config: ${describe(error)}; nothing was changed`);
  }
  if (!baseline) return { backups, check: undefined };
  const after = await checkConfig(configPath, env);
  if (!after) return { backups, check: undefined };
  const verdict = checkVerdict(baseline, after);
  if (!verdict.ok) {
    await restore(written);
    const files = written.map((target) => target.edit.file).join(", ");
    throw failure(
      `prosodyctl check config failed after the edit, so the config was put back: ${verdict.newProblems.slice(0, 4).join(" ") || "no reason given"}`,
      `exit ${after.code} after editing ${files}; every file has its original bytes again`,
    );
  }
  return { backups, check: after };
}

/** One file: `applyConfigEdits` for a single new text. `configPath` is the main config to check (default: the file). */
export async function applyConfigEdit(
  file: string,
  newText: string,
  options: { check: boolean; configPath?: string; env?: NodeJS.ProcessEnv; description?: string },
): Promise<AppliedEdits> {
  const before = await fs.readFile(file, "utf8");
  const edit: ConfigEdit = { file, before, after: newText, changed: before !== newText, description: options.description ?? `edit ${file}` };
  return applyConfigEdits(options.configPath ?? file, [edit], options.env ?? process.env, { check: options.check });
}

async function readTarget(edit: ConfigEdit): Promise<Target> {
  const real = await fs.realpath(edit.file);
  const original = await fs.readFile(real);
  if (!original.equals(Buffer.from(edit.before, "utf8"))) {
    throw failure(`${edit.file} changed since it was read, or is not UTF-8 text; nothing was changed`, "run the command again");
  }
  return { edit, real, original };
}

async function restore(written: readonly Target[]): Promise<void> {
  for (const target of written) {
    const stat = await fs.stat(target.real);
    await writeLike(target.real, target.original, stat);
  }
}
