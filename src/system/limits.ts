import { usageError } from "../core/errors.js";

/**
 * Bounds on what a source may cost us, each overridable by an environment variable (documented in the README), so a
 * slow mirror can be given more time and a test can use a short fuse.
 */
export interface Limits {
  /** No byte from the server (or no connection) for this long ends an HTTP request or an hg network command. */
  networkIdleMs: number;
  /** A downloaded manifest (zipped or not) larger than this is refused. */
  maxDownloadBytes: number;
  /** An inflated manifest larger than this is refused: a zip bomb stops here. */
  maxInflatedBytes: number;
  /** READMEs and Lua files larger than this are not read (reported instead). */
  maxSourceFileBytes: number;
}

const MiB = 1024 * 1024;

const DEFAULTS: Limits = {
  networkIdleMs: 30_000,
  maxDownloadBytes: 32 * MiB,
  maxInflatedBytes: 64 * MiB,
  maxSourceFileBytes: 1 * MiB,
};

const VARIABLES: Record<keyof Limits, string> = {
  networkIdleMs: "PROSODY_MANAGER_NETWORK_TIMEOUT_MS",
  maxDownloadBytes: "PROSODY_MANAGER_MAX_DOWNLOAD_BYTES",
  maxInflatedBytes: "PROSODY_MANAGER_MAX_INFLATED_BYTES",
  maxSourceFileBytes: "PROSODY_MANAGER_MAX_FILE_BYTES",
};

export function limits(env: NodeJS.ProcessEnv = process.env): Limits {
  const out = { ...DEFAULTS };
  for (const key of Object.keys(VARIABLES) as (keyof Limits)[]) {
    const variable = VARIABLES[key];
    const raw = env[variable];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw usageError(`${variable} must be a positive whole number, not '${raw.slice(0, 40)}'`);
    }
    out[key] = value;
  }
  return out;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
