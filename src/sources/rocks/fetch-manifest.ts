import { promises as fs } from "node:fs";
import path from "node:path";
import { isUrl } from "../../core/url.js";
import { failure } from "../../core/errors.js";
import { type Limits, formatBytes, limits as readLimits } from "../../system/limits.js";
import { fetchBounded } from "../../system/http.js";

/** A file the server does not have: try the next name. Anything else (unreachable, refused) ends the search. */
export class NotOnServer extends Error {}

/**
 * The manifest for one Lua version, in the order LuaRocks asks: the zipped `manifest-5.4.zip` when offered, else
 * `manifest-5.4`, else the generic `manifest` (zipped or not). Downloads and inflated text are capped.
 */
export async function fetchManifest(server: string, luaVersion: string, bounds: Limits = readLimits()): Promise<{ text: string; file: string }> {
  const names = [`manifest-${luaVersion}.zip`, `manifest-${luaVersion}`, "manifest.zip", "manifest"];
  let lastMissing = "";
  for (const name of names) {
    try {
      const body = await fetchOne(server, name, bounds);
      // The inflater loads only for a zipped manifest: a local server or a sync's start never pays for it.
      const text = name.endsWith(".zip")
        ? (await import("../../system/unzip.js")).extractFromZip(body, name.slice(0, -".zip".length), bounds.maxInflatedBytes).toString("utf8")
        : body.toString("utf8");
      return { text, file: name };
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
  if (!isUrl(server) || server.startsWith("file://")) {
    const dir = server.startsWith("file://") ? new URL(server).pathname : server;
    const file = path.join(dir, name);
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new Error(`${file}: not a regular file`);
      if (stat.size > bounds.maxDownloadBytes) throw new Error(`${file}: larger than ${formatBytes(bounds.maxDownloadBytes)}`);
      return await fs.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new NotOnServer(`${file}: no such file`);
      if (code === undefined) throw error;
      throw new Error(`${file}: ${code}`);
    }
  }
  const url = new URL(name, server.endsWith("/") ? server : `${server}/`);
  const response = await fetchBounded(url, { idleMs: bounds.networkIdleMs, maxBytes: bounds.maxDownloadBytes });
  if (response.status === 404 || response.status === 410) throw new NotOnServer(`${url.href}: HTTP ${response.status}`);
  if (response.status < 200 || response.status > 299) throw new Error(`${url.href}: HTTP ${response.status}`);
  return response.body;
}
