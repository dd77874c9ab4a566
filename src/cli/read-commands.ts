import { type CommandEntry, commandTable } from "./command-table.js";

/**
 * The commands that read and show, and that admins and scripts run most, and the sync (which changes nothing but the
 * cache, and which the first search runs anyway): the launcher runs them from a bundle of their own
 * (dist/lib/prosody-manager-read.cjs), which holds none of the code of the commands that change the server. Less to
 * read, to deserialize from the code cache and to set up: 2–7 M instructions fewer per read command, 6–10 M for a sync.
 */
export const READ_COMMANDS: readonly CommandEntry[] = [
  { path: ["module", "search"], load: async () => (await import("./commands/module-search.js")).moduleSearch },
  { path: ["module", "list"], load: async () => (await import("./commands/module-list.js")).moduleList },
  { path: ["module", "info"], load: async () => (await import("./commands/module-info.js")).moduleInfo },
  { path: ["module", "rocks", "list"], load: async () => (await import("./commands/module-rocks-list.js")).moduleRocksList },
  { path: ["module", "rocks", "outdated"], load: async () => (await import("./commands/module-rocks-outdated.js")).moduleRocksOutdated },
  { path: ["module", "outdated"], load: async () => (await import("./commands/module-outdated.js")).moduleOutdated },
  { path: ["module", "sync"], load: async () => (await import("./commands/module-sync.js")).moduleSync },
];

export const READ_TABLE = commandTable(READ_COMMANDS);
