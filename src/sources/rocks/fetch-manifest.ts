import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import { isUrl } from "../../app/settings.js";

const FETCH_TIMEOUT_MS = 30_000;

/** The manifest text for one Lua version: `manifest-5.4` first, the generic `manifest` when that is missing. */
export async function fetchManifest(server: string, luaVersion: string): Promise<{ text: string; file: string }> {
  const names = [`manifest-${luaVersion}`, "manifest"];
  const errors: string[] = [];
  for (const name of names) {
    try {
      return { text: await fetchOne(server, name), file: name };
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw failure(`could not fetch the rocks manifest from ${server}: ${errors[errors.length - 1] ?? "unknown error"}`);
}

async function fetchOne(server: string, name: string): Promise<string> {
  if (!isUrl(server) || server.startsWith("file://")) {
    const dir = server.startsWith("file://") ? new URL(server).pathname : server;
    return fs.readFile(path.join(dir, name), "utf8");
  }
  const url = new URL(name, server.endsWith("/") ? server : `${server}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new Error(`${url.href}: ${cause}`);
  }
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  return response.text();
}
