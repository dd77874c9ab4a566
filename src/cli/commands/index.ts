import type { CommandSpec } from "../command.js";
import { type CommandEntry, commandKey, commandTable } from "../command-table.js";
import { READ_COMMANDS } from "../read-commands.js";

export type { CommandEntry } from "../command-table.js";

/** One of the read commands, the same entry as in their own bundle's table. */
function read(...path: string[]): CommandEntry {
  const entry = READ_COMMANDS.find((candidate) => commandKey(candidate.path) === commandKey(path));
  if (!entry) throw new Error(`no read command ${commandKey(path)}`);
  return entry;
}

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  read("module", "search"),
  read("module", "list"),
  read("module", "info"),
  { path: ["module", "update"], load: async () => (await import("./module-update.js")).moduleUpdate },
  read("module", "sync"),
  { path: ["module", "install"], load: async () => (await import("./module-install.js")).moduleInstall },
  { path: ["module", "remove"], load: async () => (await import("./module-remove.js")).moduleRemove },
  { path: ["module", "rocks", "install"], load: async () => (await import("./module-rocks-install.js")).moduleRocksInstall },
  { path: ["module", "rocks", "remove"], load: async () => (await import("./module-rocks-remove.js")).moduleRocksRemove },
  read("module", "rocks", "list"),
  read("module", "rocks", "outdated"),
  read("module", "outdated"),
  { path: ["module", "verify"], load: async () => (await import("./module-verify.js")).moduleVerify },
  { path: ["module", "pin"], load: async () => (await import("./module-pin.js")).modulePin },
  { path: ["module", "unpin"], load: async () => (await import("./module-pin.js")).moduleUnpin },
  { path: ["module", "apply"], load: async () => (await import("./module-apply.js")).moduleApply },
  { path: ["module", "migrate"], load: async () => (await import("./module-migrate.js")).moduleMigrate },
  { path: ["module", "adopt"], load: async () => (await import("./module-adopt.js")).moduleAdopt },
  { path: ["module", "enable"], load: async () => (await import("./module-enable.js")).moduleEnable },
  { path: ["module", "disable"], load: async () => (await import("./module-enable.js")).moduleDisable },
  { path: ["config", "setup"], load: async () => (await import("./config-setup.js")).configSetup },
  { path: ["doctor"], load: async () => (await import("./doctor.js")).doctor },
  { path: ["prosodyctl"], load: async () => (await import("./prosodyctl.js")).prosodyctlCommand },
  { path: ["module", "changes"], load: async () => (await import("./module-changes.js")).moduleChanges },
  { path: ["module", "log"], load: async () => (await import("./module-log.js")).moduleLogCommand },
  { path: ["completion"], load: async () => (await import("./completion.js")).completionCommand(loadAllCommands) },
  { path: ["__complete"], load: async () => (await import("./complete-words.js")).completeWords },
  { path: ["__man"], load: async () => (await import("./man-page.js")).manPageCommand(loadAllCommands) },
  { path: ["mirror", "create"], load: async () => (await import("./mirror-create.js")).mirrorCreate },
  { path: ["mirror", "update"], load: async () => (await import("./mirror-update.js")).mirrorUpdate },
  { path: ["version"], load: async () => (await import("./version.js")).versionCommand },
];

/** What the full bundle runs: every command. */
export const ALL_COMMANDS = commandTable(COMMANDS);

/** Every command loaded, for what describes them all: the top-level help, completion scripts, the man page. */
export function loadAllCommands(): Promise<CommandSpec[]> {
  return ALL_COMMANDS.loadAll();
}
