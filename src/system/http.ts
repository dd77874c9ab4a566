import { formatBytes } from "./limits.js";

export interface BoundedResponse {
  status: number;
  body: Buffer;
  /** The response's ETag and Last-Modified, as the server sent them. */
  etag?: string;
  lastModified?: string;
  contentType?: string;
}

/**
 * GET with a timer that restarts on every sign of life (connection, headers, each chunk), so a slow but moving
 * download finishes while a server that accepts and then stalls is cut off after `idleMs`; the body is read in
 * chunks and refused as soon as it passes `maxBytes`, so memory stays bounded whatever the server sends.
 */
export async function fetchBounded(url: URL, options: { idleMs: number; maxBytes: number; headers?: Record<string, string> }): Promise<BoundedResponse> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, options.idleMs);
  };
  const stallError = (): Error => new Error(`${url.href}: no answer for ${Math.round(options.idleMs / 1000)}s (took longer than PROSODY_MANAGER_NETWORK_TIMEOUT_MS)`);
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: "follow", headers: options.headers });
    } catch (error) {
      if (stalled) throw stallError();
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new Error(`${url.href}: ${cause}`);
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > options.maxBytes) {
      controller.abort();
      throw new Error(`${url.href}: larger than ${formatBytes(options.maxBytes)} (${formatBytes(declared)})`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          arm();
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > options.maxBytes) {
            controller.abort();
            throw new Error(`${url.href}: larger than ${formatBytes(options.maxBytes)}`);
          }
          chunks.push(value);
        }
      } catch (error) {
        if (stalled) throw stallError();
        throw error instanceof Error && /larger than/.test(error.message) ? error : new Error(`${url.href}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { status: response.status, body: Buffer.concat(chunks), etag: response.headers.get("etag") ?? undefined, lastModified: response.headers.get("last-modified") ?? undefined, contentType: response.headers.get("content-type") ?? undefined };
  } finally {
    clearTimeout(timer);
  }
}
