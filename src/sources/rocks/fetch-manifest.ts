import { promises as fs } from "node:fs";
import path from "node:path";
import { isUrl } from "../../core/url.js";
import { failure } from "../../core/errors.js";
import { extractFromZip } from "../../system/unzip.js";

const FETCH_TIMEOUT_MS = 30_000;

/** A file the server does not have: try the next name. Anything else (unreachable, refused) ends the search. */
export class NotOnServer extends Error {}

/**
 * The manifest for one Lua version, in the order LuaRocks asks: the zipped `manifest-5.4.zip` when offered, else
 * `manifest-5.4`, else the generic `manifest` (zipped or not).
 */
export async function fetchManifest(server: string, luaVersion: string): Promise<{ text: string; file: string }> {
  const names = [`manifest-${luaVersion}.zip`, `manifest-${luaVersion}`, "manifest.zip", "manifest"];
  let lastMissing = "";
  for (const name of names) {
    try {
      const body = await fetchOne(server, name);
      const text = name.endsWith(".zip") ? extractFromZip(body, name.slice(0, -".zip".length)).toString("utf8") : body.toString("utf8");
      return { text, file: name };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof NotOnServer)) throw failure(`could not fetch the rocks manifest from ${server}: ${message}`);
      lastMissing = message;
    }
  }
  throw failure(`could not fetch the rocks manifest from ${server}: ${lastMissing}`, "is it a LuaRocks server? it has no manifest");
}

export async function fetchOne(server: string, name: string): Promise<Buffer> {
  if (!isUrl(server) || server.startsWith("file://")) {
    const dir = server.startsWith("file://") ? new URL(server).pathname : server;
    try {
      return await fs.readFile(path.join(dir, name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new NotOnServer(`${path.join(dir, name)}: no such file`);
      throw new Error(`${path.join(dir, name)}: ${code ?? String(error)}`);
    }
  }
  const url = new URL(name, server.endsWith("/") ? server : `${server}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new Error(`${url.href}: ${cause}`);
  }
  if (response.status === 404 || response.status === 410) throw new NotOnServer(`${url.href}: HTTP ${response.status}`);
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
