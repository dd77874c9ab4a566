import { promises as fs } from "node:fs";
import type { JsonObject } from "../core/json.js";
import { failure } from "../core/errors.js";
import type { ModuleName } from "../core/types.js";
import type { ScopeRef } from "../prosody/config/edit.js";
import { loadProsodyConfig } from "../prosody/config/load.js";
import { exists } from "../system/fs-atomic.js";
import { type ConfigChange, changeConfig, configChangeJson, type ConfigPlan } from "./config-change.js";
import { describeScope, enabledScopes, planDisableEverywhere, planEnable, scopeFromOptions } from "./enablement.js";
import type { Session } from "./session.js";
import { type CommitStep, UNJOURNALED } from "./model/apply-plan.js";
import { planSetup, type SetupPart } from "./setup.js";

/** What install and remove commands were told about the Prosody config. */
export interface ConfigRequest {
  /** False with --no-config: leave the config alone. */
  useConfig: boolean;
  enable: boolean;
  host: string | undefined;
  component: string | undefined;
}

async function configInUse(session: Session, request: ConfigRequest): Promise<boolean> {
  if (!request.useConfig) return false;
  return exists(session.settings.configPath);
}

/** After an install: the options the source needs (saying what changed) and, with --enable, the module enabled. */
export async function configureAfterInstall(session: Session, part: SetupPart, names: readonly ModuleName[], request: ConfigRequest, step: CommitStep = UNJOURNALED): Promise<ConfigChange[]> {
  const enable = request.enable;
  const scope: ScopeRef = scopeFromOptions(request.host, request.component);
  if (!(await configInUse(session, request))) {
    if (enable) throw failure("--enable needs the Prosody config, but it is not in use", "drop --no-config, or pass --config PATH");
    return [];
  }
  const plans: ConfigPlan[] = [await planSetup(session, [part])];
  if (enable) for (const name of names) plans.push((config) => planEnable(config, name, scope));
  try {
    return await editConfigAsOne(session, step, async () => {
      const changes: ConfigChange[] = [];
      for (const plan of plans) changes.push(await changeConfig(session.ctx, session.settings.configPath, plan));
      return changes;
    });
  } catch (error) {
    // The install waits for this edit: a failure here undoes it, so the files and the config never disagree.
    throw failure(`the Prosody config could not be changed, so ${names.join(", ")} ${names.length === 1 ? "was" : "were"} not installed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Config edits that stand or fall together, as the last step of a change: every file of the config (Includes too) is
 * handed to the change's journal first, and when an edit fails the earlier ones are undone. Each edit is checked on
 * its own; put back in place, each file keeps the owner and mode it has.
 */
export async function editConfigAsOne<T>(session: Session, step: CommitStep, edit: () => Promise<T>): Promise<T> {
  const configPath = session.settings.configPath;
  const files = (await exists(configPath)) ? (await loadProsodyConfig(configPath)).files.map((file) => ({ path: file.file, before: file.text })) : [];
  step.keepFiles(files);
  try {
    return await edit();
  } catch (error) {
    for (const item of files) {
      if ((await fs.readFile(item.path, "utf8").catch(() => undefined)) !== item.before) await fs.writeFile(item.path, item.before);
    }
    throw error;
  }
}

/** Before a removal: take the modules out of modules_enabled everywhere, or refuse with --no-config. */
export async function disableBeforeRemoval(session: Session, names: readonly ModuleName[], request: Pick<ConfigRequest, "useConfig">): Promise<ConfigChange[]> {
  if (!(await exists(session.settings.configPath))) return [];
  const config = await loadProsodyConfig(session.settings.configPath);
  const enabled = names.map((name) => ({ name, scopes: enabledScopes(config, name) })).filter((item) => item.scopes.length > 0);
  if (enabled.length === 0) return [];
  if (!request.useConfig) {
    const first = enabled[0];
    throw failure(
      `${first?.name} is enabled in ${session.settings.configPath} (${first?.scopes.map(describeScope).join(", ")}); Prosody would fail to load it`,
      `run 'prosody-manager module disable ${first?.name}' first, or drop --no-config to let remove do it`,
    );
  }
  const changes: ConfigChange[] = [];
  for (const item of enabled) changes.push(await changeConfig(session.ctx, session.settings.configPath, (current) => planDisableEverywhere(current, item.name)));
  return changes;
}

export function configChangesJson(changes: readonly ConfigChange[]): JsonObject[] {
  return changes.filter((change) => change.changes.length > 0).map(configChangeJson);
}

export function configChangesText(changes: readonly ConfigChange[], dryRun: boolean): string {
  const lines = changes.flatMap((change) => change.changes.map((line) => `${dryRun ? "would " : ""}${line} in ${change.files.join(", ")}`));
  const diffs = dryRun ? changes.map((change) => change.diff).join("") : "";
  return [...lines, ...(diffs ? [diffs.trimEnd()] : [])].join("\n");
}
