import type { ConvergeOutcome } from "../app/use-cases/converge.js";

export function backupLines(backups: readonly string[]): string[] {
  return backups.map((dir) => `kept the previous files in ${dir}`);
}

export function lockfileLine(outcome: Pick<ConvergeOutcome, "lockfileChanged">, dryRun: boolean, lockfilePath?: string): string {
  if (!outcome.lockfileChanged) return "";
  return `${dryRun ? "would update" : "updated"} the lockfile${lockfilePath ? ` ${lockfilePath}` : ""}`;
}
