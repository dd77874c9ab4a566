import type { Context } from "./context.js";
import { applyConfigEdits, type CheckOutcome } from "../prosody/config/apply.js";
import { unifiedDiff } from "../prosody/config/diff.js";
import type { ConfigEdit } from "../prosody/config/edit.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import type { ParsedConfigFile, ProsodyConfig } from "../prosody/config/model.js";
import { parseConfigText } from "../prosody/config/parse.js";
import type { JsonObject } from "../core/json.js";

/** What an edit of the config will do, computed from the loaded config before anything is written. */
export type ConfigPlan = (config: ProsodyConfig) => { edits: ConfigEdit[]; descriptions: string[] };

export interface ConfigChange {
  configPath: string;
  changes: string[];
  diff: string;
  applied: boolean;
  backups: string[];
  check: CheckOutcome | undefined;
}

/** Several edits of one file, each seeing the text the previous one produced. */
export function chainEdits(file: ParsedConfigFile, steps: readonly ((current: ParsedConfigFile) => ConfigEdit)[]): { edit: ConfigEdit; descriptions: string[] } {
  let current = file;
  const descriptions: string[] = [];
  for (const step of steps) {
    const result = step(current);
    if (result.changed) {
      descriptions.push(result.description);
      current = parseConfigText(result.after, file.file);
    }
  }
  return { edit: { file: file.file, before: file.text, after: current.text, changed: current.text !== file.text, description: descriptions.join("; ") }, descriptions };
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
  if (ctx.flags.dryRun || changed.length === 0) return { configPath, changes: descriptions, diff, applied: false, backups: [], check: undefined };
  const applied = await applyConfigEdits(configPath, changed, ctx.env);
  for (const description of descriptions) ctx.log.info(`config: ${description} (${configPath})`);
  return { configPath, changes: descriptions, diff, applied: true, backups: applied.backups, check: applied.check };
}

export function configChangeJson(change: ConfigChange): JsonObject {
  return { configPath: change.configPath, changes: change.changes, diff: change.diff, applied: change.applied, backups: change.backups, checkExitCode: change.check?.code ?? null };
}

export function configChangeText(change: ConfigChange, dryRun: boolean): string {
  if (change.changes.length === 0) return `${change.configPath}: nothing to change`;
  const head = change.changes.map((line) => `${dryRun ? "would " : ""}${line}`).join("\n");
  return dryRun ? `${head}\n${change.diff}(dry run: nothing was changed)` : `${head}\nin ${change.configPath} (backup: ${change.backups.join(", ")})`;
}
