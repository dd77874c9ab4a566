import type { CommandSpec } from "../command.js";

/**
 * Every command, in the order `--help` lists them, by path alone: a run imports only the command it names (and
 * with it only the libraries that command needs), so a search never loads the config editor or the Lua parser.
 */
export interface CommandEntry {
  path: readonly string[];
  load(): Promise<CommandSpec>;
}

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
  { path: ["module", "enable"], load: async () => (await import("./module-enable.js")).moduleEnable },
  { path: ["module", "disable"], load: async () => (await import("./module-enable.js")).moduleDisable },
  { path: ["config", "setup"], load: async () => (await import("./config-setup.js")).configSetup },
  { path: ["doctor"], load: async () => (await import("./doctor.js")).doctor },
  { path: ["prosodyctl"], load: async () => (await import("./prosodyctl.js")).prosodyctlCommand },
];

/** Every command loaded, for what needs them all: the top-level help, suggestions for a misspelt command. */
export function loadAllCommands(): Promise<CommandSpec[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
