import type { CommandSpec } from "../command.js";

/**
 * A command by its path alone: a run imports only the command it names, and with it only the libraries that command
 * needs (a search never loads the config editor, the Lua parser or the YAML reader). esbuild keeps each import()
 * lazy in the bundle: a module's top level, and the libraries it requires, run only when its command is loaded.
 */
export interface CommandEntry {
  path: readonly string[];
  load(): Promise<CommandSpec>;
}

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { path: ["module", "search"], load: async () => (await import("./module-search.js")).moduleSearch },
  { path: ["module", "list"], load: async () => (await import("./module-list.js")).moduleList },
  { path: ["module", "info"], load: async () => (await import("./module-info.js")).moduleInfo },
  { path: ["module", "update"], load: async () => (await import("./module-update.js")).moduleUpdate },
  { path: ["module", "sync"], load: async () => (await import("./module-sync.js")).moduleSync },
  { path: ["module", "install"], load: async () => (await import("./module-install.js")).moduleInstall },
  { path: ["module", "remove"], load: async () => (await import("./module-remove.js")).moduleRemove },
  { path: ["module", "rocks", "install"], load: async () => (await import("./module-rocks-install.js")).moduleRocksInstall },
  { path: ["module", "rocks", "remove"], load: async () => (await import("./module-rocks-remove.js")).moduleRocksRemove },
  { path: ["module", "rocks", "list"], load: async () => (await import("./module-rocks-list.js")).moduleRocksList },
  { path: ["module", "rocks", "outdated"], load: async () => (await import("./module-rocks-outdated.js")).moduleRocksOutdated },
  { path: ["module", "outdated"], load: async () => (await import("./module-outdated.js")).moduleOutdated },
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

/** Every command loaded, for what describes them all: the top-level help, completion scripts, the man page. */
export function loadAllCommands(): Promise<CommandSpec[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
