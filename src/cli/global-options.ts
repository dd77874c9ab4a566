/** The global options of DESIGN §6, as data: the startup scan needs their names before commander is loaded. */
export interface GlobalOptionSpec {
  flags: string;
  env?: string;
  description: string;
}

export const GLOBAL_OPTIONS: readonly GlobalOptionSpec[] = [
  { flags: "--config <path>", env: "PROSODY_CONFIG", description: "the Prosody config file" },
  { flags: "--cache-dir <dir>", env: "PROSODY_MANAGER_CACHE", description: "cached sources and the catalogue index" },
  { flags: "--community-url <url>", env: "PROSODY_MANAGER_COMMUNITY_URL", description: "community Mercurial repository (URL or local path)" },
  { flags: "--community-dir <dir>", env: "PROSODY_MANAGER_COMMUNITY_DIR", description: "where community modules are installed" },
  { flags: "--rocks-server <url>", env: "PROSODY_MANAGER_ROCKS_SERVER", description: "rocks server (URL or local path); else plugin_server" },
  { flags: "--installer-path <dir>", env: "PROSODY_MANAGER_INSTALLER_PATH", description: "LuaRocks tree for rocks; else installer_plugin_path" },
  { flags: "--json", description: "print one JSON document on stdout" },
  { flags: "--dry-run", description: "show the plan, change nothing" },
  { flags: "--yes", description: "answer yes to confirmations" },
  { flags: "--quiet", description: "only warnings and errors on stderr" },
  { flags: "--no-color", description: "no colours (also when NO_COLOR is set or output is not a terminal)" },
];

/** `--config`, `--cache-dir`, …: the global options that take the next argument as their value. */
export const GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set(
  GLOBAL_OPTIONS.filter((option) => option.flags.includes("<")).map((option) => option.flags.split(" ")[0] ?? ""),
);
