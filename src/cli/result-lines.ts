import type { JsonObject } from "./command.js";
import type { Provider } from "../app/other-copies.js";
import type { ConvergeOutcome } from "../app/use-cases/converge.js";

export function backupLines(backups: readonly string[]): string[] {
  return backups.map((dir) => `kept the previous files in ${dir}`);
}

export function lockfileLine(outcome: Pick<ConvergeOutcome, "lockfileChanged">, dryRun: boolean, lockfilePath?: string): string {
  if (!outcome.lockfileChanged) return "";
  return `${dryRun ? "would update" : "updated"} the lockfile${lockfilePath ? ` ${lockfilePath}` : ""}`;
}

/** Removing one copy keeps a module enabled while another provides it: say which copy Prosody loads now. */
export function stillProvidedLines(items: readonly Provider[], dryRun: boolean): string[] {
  return items.map((item) => `${item.name} stays enabled: Prosody ${dryRun ? "would load" : "loads"} ${item.next?.source === "builtin" ? "the built-in module" : "the copy"} ${item.next?.file ?? ""} now`);
}

export function stillProvidedJson(items: readonly Provider[]): JsonObject[] {
  return items.map((item) => ({ name: item.name, file: item.next?.file ?? null, kind: item.kind ?? null, source: item.next?.source ?? null }));
}
