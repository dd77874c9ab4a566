// The global options and command groups as data, with no imports: the startup routes the arguments with them before
// commander or any command is loaded, and completion and the man page describe them.

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
  { flags: "--lockfile <path>", env: "PROSODY_MANAGER_LOCKFILE", description: "the lockfile (default: prosody-manager.lock.json beside the Prosody config)" },
  { flags: "--prosodyctl <cmd>", env: "PROSODY_MANAGER_PROSODYCTL", description: 'how to run prosodyctl, split on spaces (e.g. "runuser -u prosody -- prosodyctl")' },
  { flags: "--json", description: "print one JSON document on stdout" },
  { flags: "--dry-run", description: "show the plan, change nothing" },
  { flags: "--yes", description: "answer yes: on a terminal, change without asking first" },
  { flags: "--quiet", description: "only warnings and errors on stderr" },
  { flags: "--no-color", description: "no colours (also when NO_COLOR is set or output is not a terminal)" },
];

/** `--config`, `--cache-dir`, …: the global options whose value is the next argument. */
export const GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set(
  GLOBAL_OPTIONS.filter((option) => option.flags.includes("<")).map((option) => option.flags.split(" ")[0] ?? ""),
);

export const GROUP_DESCRIPTIONS: Record<string, string> = {
  module: "find, install, update and remove modules",
  "module rocks": "modules packaged as rocks, installed with LuaRocks",
  config: "the Prosody configuration and installation",
  mirror: "offline mirrors of both sources",
};
