import type { Context } from "./context.js";
import { applyConfigEdits, type CheckOutcome } from "../prosody/config/apply.js";
import { unifiedDiff } from "../prosody/config/diff.js";
import type { ConfigEdit } from "../prosody/config/edit.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { withFileText } from "../prosody/config/evaluate.js";
import type { ProsodyConfig } from "../prosody/config/model.js";
import type { JsonObject } from "../core/json.js";
import { DRY_RUN_NOTE } from "../core/dry-run.js";


/** What an edit of the config will do, computed from the loaded config before anything is written. */
export type ConfigPlan = (config: ProsodyConfig) => { edits: ConfigEdit[]; descriptions: string[] };

export interface ConfigChange {
  /** The main config (what prosodyctl is pointed at). */
  configPath: string;
  /** The files edited (or that would be, with --dry-run): an included file when the option Prosody uses is there. */
  files: string[];
  changes: string[];
  diff: string;
  applied: boolean;
  backups: string[];
  check: CheckOutcome | undefined;
}

/**
 * Several edits, each seeing the config the previous ones produced (re-evaluated, so a later step finds the
 * assignment an earlier one added); answers one edit per file changed, from its text as read to its final text.
 */
export function chainEdits(config: ProsodyConfig, steps: readonly ((current: ProsodyConfig) => ConfigEdit)[]): { edits: ConfigEdit[]; descriptions: string[] } {
  let current = config;
  const descriptions: string[] = [];
  const touched: string[] = [];
  for (const step of steps) {
    const result = step(current);
    if (!result.changed) continue;
    descriptions.push(result.file === config.files[0]?.file ? result.description : `${result.description} (in ${result.file})`);
    if (!touched.includes(result.file)) touched.push(result.file);
    current = withFileText(current, result.file, result.after);
  }
  const edits = touched.map((file): ConfigEdit => {
    const before = config.files.find((candidate) => candidate.file === file)?.text ?? "";
    const after = current.files.find((candidate) => candidate.file === file)?.text ?? before;
    return { file, before, after, changed: before !== after, description: descriptions.join("; ") };
  });
  return { edits, descriptions };
}

/** Plans edits on the loaded config, shows them (--dry-run stops there), applies them with backup and check. */
export async function changeConfig(
  ctx: Context,
  configPath: string,
  plan: ConfigPlan,
): Promise<ConfigChange> {
  const config = await loadProsodyConfig(configPath);
  const { edits, descriptions } = plan(config);
  const changed = edits.filter((edit) => edit.changed);
  const diff = changed.map((edit) => unifiedDiff(edit.before, edit.after, edit.file)).join("");
  const files = changed.map((edit) => edit.file);
  if (ctx.flags.dryRun || changed.length === 0) return { configPath, files, changes: descriptions, diff, applied: false, backups: [], check: undefined };
  const applied = await applyConfigEdits(configPath, changed, ctx.env);
  for (const description of descriptions) ctx.log.info(`config: ${description} (${files.join(", ")})`);
  return { configPath, files, changes: descriptions, diff, applied: true, backups: applied.backups, check: applied.check };
}

/** `changed` as every command that can change things has it (DESIGN §6): the files were written. */
export function configChangeJson(change: ConfigChange): JsonObject {
  return { changed: change.applied, configPath: change.configPath, files: change.files, changes: change.changes, diff: change.diff, applied: change.applied, backups: change.backups, checkExitCode: change.check?.code ?? null };
}

export function configChangeText(change: ConfigChange, dryRun: boolean): string {
  if (change.changes.length === 0) return `${change.configPath}: nothing to change`;
  const head = change.changes.map((line) => `${dryRun ? "would " : ""}${line}`).join("\n");
  return dryRun ? `${head}\n${change.diff}${DRY_RUN_NOTE}` : `${head}\nin ${change.files.join(", ")} (backup: ${change.backups.join(", ")})`;
}
