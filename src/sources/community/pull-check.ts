import path from "node:path";
import { fileURLToPath } from "node:url";
import { headNodes, holdsNode, tipNode } from "../../core/revlog.js";
import { isUrl } from "../../core/url.js";
import { readBytesIfThere } from "../../system/fs-atomic.js";
import { fetchBounded } from "../../system/http.js";
import { limits } from "../../system/limits.js";
import { readableStore } from "./store-format.js";

// Before a pull, the upstream's heads: when the clone holds every one, a pull would bring no changeset (each head's
// ancestors are in the clone with it), which is what a sync with nothing new needs to know, without starting hg
// (Python's start and its discovery cost ~150 ms). Anything this cannot tell for sure answers "pull": an unknown
// repository format, a scheme, a proxy, credentials, a server that does not answer as hgweb does.

/** A heads answer is one line of hashes: far below this. */
const MAX_REPLY_BYTES = 64 * 1024;
/** A server slow to answer this gets hg's own pull, with hg's own timeout, instead of a second wait as long. */
const PROBE_IDLE_MS = 5_000;
const PROXY_VARIABLES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];

export interface PullCheckOptions {
  env: NodeJS.ProcessEnv;
  idleMs: number;
}

/** The options for a run with this environment: its proxies, and its network timeout (PROSODY_MANAGER_NETWORK_TIMEOUT_MS). */
export function pullCheckOptions(env: NodeJS.ProcessEnv): PullCheckOptions {
  return { env, idleMs: limits(env).networkIdleMs };
}

/**
 * The clone's tip (a full hash) when a pull from `source` into the clone `repo` would certainly bring no changeset;
 * undefined when it might, or when that cannot be told without hg.
 */
export async function tipWithNothingToPull(repo: string, source: string, options: PullCheckOptions): Promise<string | undefined> {
  const heads = upstreamHeads(source, options);
  const local = changelogIndex(repo);
  const remote = await heads;
  if (local === undefined || remote === undefined || remote.length === 0 || !remote.every((node) => holdsNode(local, node) === true)) return undefined;
  const tip = tipNode(local);
  return tip && Buffer.from(tip).toString("hex");
}

/** The upstream's heads (20-byte hashes), or undefined when they cannot be told without hg. */
async function upstreamHeads(source: string, options: PullCheckOptions): Promise<Uint8Array[] | undefined> {
  if (!isUrl(source)) return localHeads(source);
  if (/^file:\/\//i.test(source)) return localHeads(localPath(source));
  if (/^https?:\/\//i.test(source)) return servedHeads(source, options);
  return undefined;
}

function localPath(fileUrl: string): string {
  try {
    return fileURLToPath(fileUrl);
  } catch {
    return "";
  }
}

/**
 * A repository on this machine: the heads of its whole changelog. Its secret changesets count too, so a pull that
 * would not bring them makes this say "pull" (hg then finds nothing): the cost of a doubt, never a missed changeset.
 */
function localHeads(repo: string): Uint8Array[] | undefined {
  if (!path.isAbsolute(repo)) return undefined;
  const index = changelogIndex(repo);
  return index && headNodes(index);
}

/** The changelog's index file, when its store is one whose changelog tells the whole truth. */
function changelogIndex(repo: string): Uint8Array | undefined {
  return readableStore(repo) ? readBytesIfThere(path.join(repo, ".hg", "store", "00changelog.i")) : undefined;
}

/**
 * An HTTP(S) repository: hg's wire protocol command `heads` (`<url>?cmd=heads`, as hg itself asks it), answered by
 * hgweb and `hg serve`. Not tried through a proxy (hg knows how to use it; this does not), nor with credentials.
 */
async function servedHeads(url: string, options: PullCheckOptions): Promise<Uint8Array[] | undefined> {
  if (/[?#]/.test(url) || PROXY_VARIABLES.some((name) => options.env[name])) return undefined;
  let target: URL;
  try {
    target = new URL(`${url}?cmd=heads`);
  } catch {
    return undefined;
  }
  if (target.username !== "" || target.password !== "") return undefined;
  try {
    const reply = await fetchBounded(target, { idleMs: Math.min(options.idleMs, PROBE_IDLE_MS), maxBytes: MAX_REPLY_BYTES, headers: { accept: "application/mercurial-0.1" } });
    if (reply.status !== 200 || !/^application\/mercurial-0\.1\s*(;|$)/i.test(reply.contentType ?? "")) return undefined;
    return parseHeadsReply(reply.body.toString("latin1"));
  } catch {
    return undefined;
  }
}

/** `hash hash…\n`, 40 lowercase hex digits each: anything else is not a heads answer. */
export function parseHeadsReply(text: string): Uint8Array[] | undefined {
  if (!/^[0-9a-f]{40}( [0-9a-f]{40})*\n?$/.test(text)) return undefined;
  return text.trim().split(" ").map((hex) => Buffer.from(hex, "hex"));
}
