import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { isUrl } from "../../core/url.js";
import { failure } from "../../core/errors.js";
import type { ManifestValidators } from "../../core/types.js";
import { type Limits, formatBytes, limits as readLimits } from "../../system/limits.js";
import { fetchBounded } from "../../system/http.js";

/** A file the server does not have: try the next name. Anything else (unreachable, refused) ends the search. */
export class NotOnServer extends Error {}

export interface FetchedManifest {
  text: string;
  file: string;
  /** The server's validators of that file, when it is an HTTP server that sent usable ones. */
  validators?: ManifestValidators;
}

/** The server said the manifest file is the one `known` describes (304 Not Modified). */
export interface UnchangedManifest {
  unchanged: true;
  file: string;
}

/**
 * The manifest for one Lua version, in the order LuaRocks asks: the zipped `manifest-5.4.zip` when offered, else
 * `manifest-5.4`, else the generic `manifest` (zipped or not). Downloads and inflated text are capped. Given the
 * validators of a file fetched before, that file is asked for only if it changed: a server that says it did not
 * (304) sends nothing.
 */
export function fetchManifest(server: string, luaVersion: string, bounds?: Limits): Promise<FetchedManifest>;
export function fetchManifest(server: string, luaVersion: string, bounds: Limits, known: ManifestValidators | undefined): Promise<FetchedManifest | UnchangedManifest>;
export async function fetchManifest(server: string, luaVersion: string, bounds: Limits = readLimits(), known?: ManifestValidators): Promise<FetchedManifest | UnchangedManifest> {
  const names = [`manifest-${luaVersion}.zip`, `manifest-${luaVersion}`, "manifest.zip", "manifest"];
  let lastMissing = "";
  for (const name of names) {
    try {
      const fetched = await fetchFile(server, name, bounds, known?.file === name ? known : undefined);
      if (fetched === NOT_MODIFIED) return { unchanged: true, file: name };
      // The inflater loads only for a zipped manifest: a local server or a sync's start never pays for it.
      const text = name.endsWith(".zip")
        ? (await import("../../system/unzip.js")).extractFromZip(fetched.body, name.slice(0, -".zip".length), bounds.maxInflatedBytes).toString("utf8")
        : fetched.body.toString("utf8");
      return { text, file: name, ...(fetched.validators ? { validators: fetched.validators } : {}) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof NotOnServer)) {
        throw failure(`could not fetch the rocks manifest from ${server}: ${message}`, /more than|took longer/.test(message) ? "raise the limit with PROSODY_MANAGER_MAX_DOWNLOAD_BYTES, PROSODY_MANAGER_MAX_INFLATED_BYTES or PROSODY_MANAGER_NETWORK_TIMEOUT_MS if the server is trusted" : undefined);
      }
      lastMissing = message;
    }
  }
  throw failure(`could not fetch the rocks manifest from ${server}: ${lastMissing}`, "is it a LuaRocks server? it has no manifest");
}

export async function fetchOne(server: string, name: string, bounds: Limits = readLimits()): Promise<Buffer> {
  const fetched = await fetchFile(server, name, bounds, undefined);
  // Unreachable: only a conditional request is answered "not modified".
  if (fetched === NOT_MODIFIED) throw new Error(`${server}: ${name}: not modified`);
  return fetched.body;
}

const NOT_MODIFIED = Symbol("not modified");

/**
 * A file of the server (a URL, or a directory). Given `known`, an HTTP request is conditional on the file having
 * changed, and a local file whose identity is the one known is not read at all.
 */
async function fetchFile(server: string, name: string, bounds: Limits, known: ManifestValidators | undefined): Promise<{ body: Buffer; validators?: ManifestValidators } | typeof NOT_MODIFIED> {
  if (!isUrl(server) || server.startsWith("file://")) {
    const dir = server.startsWith("file://") ? new URL(server).pathname : server;
    const file = path.join(dir, name);
    let handle: fs.FileHandle | undefined;
    try {
      // Stat and read through one descriptor: the identity recorded is of the very file read.
      // O_NONBLOCK: a FIFO planted under the manifest's name fails to read instead of hanging the open.
      handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
      const stat = await handle.stat({ bigint: true });
      if (!stat.isFile()) throw new Error(`${file}: not a regular file`);
      if (stat.size > BigInt(bounds.maxDownloadBytes)) throw new Error(`${file}: larger than ${formatBytes(bounds.maxDownloadBytes)}`);
      const identity = [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join("-");
      if (known?.identity === identity) return NOT_MODIFIED;
      return { body: await handle.readFile(), validators: { file: name, identity } };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new NotOnServer(`${file}: no such file`);
      if (code === undefined) throw error;
      throw new Error(`${file}: ${code}`);
    } finally {
      await handle?.close();
    }
  }
  const url = new URL(name, server.endsWith("/") ? server : `${server}/`);
  const response = await fetchBounded(url, { idleMs: bounds.networkIdleMs, maxBytes: bounds.maxDownloadBytes, headers: conditionalHeaders(known) });
  if (known && response.status === 304) return NOT_MODIFIED;
  if (response.status === 404 || response.status === 410) throw new NotOnServer(`${url.href}: HTTP ${response.status}`);
  if (response.status < 200 || response.status > 299) throw new Error(`${url.href}: HTTP ${response.status}`);
  const validators = validatorsOf(name, response.etag, response.lastModified);
  return { body: response.body, ...(validators ? { validators } : {}) };
}

function conditionalHeaders(known: ManifestValidators | undefined): Record<string, string> | undefined {
  if (!known) return undefined;
  const headers: Record<string, string> = {};
  if (known.etag !== undefined) headers["if-none-match"] = known.etag;
  if (known.lastModified !== undefined) headers["if-modified-since"] = known.lastModified;
  return headers;
}

/**
 * The validators worth keeping: short printable header values, since they go back to the server in a request header
 * (a server's junk must not make the next request fail); none when there is neither.
 */
function validatorsOf(file: string, etag: string | undefined, lastModified: string | undefined): ManifestValidators | undefined {
  const usable = (value: string | undefined): string | undefined => (value !== undefined && value.length <= 256 && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) ? value : undefined);
  const tag = usable(etag);
  const modified = usable(lastModified);
  if (tag === undefined && modified === undefined) return undefined;
  return { file, ...(tag !== undefined ? { etag: tag } : {}), ...(modified !== undefined ? { lastModified: modified } : {}) };
}
