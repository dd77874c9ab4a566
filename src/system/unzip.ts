import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { formatBytes } from "./limits.js";

/** Raised when an entry inflates past the cap: a zip bomb, or a manifest far larger than any real one. */
export class ZipTooLarge extends Error {}

// Deflate expands at most ~1032:1, so feeding the inflater this much at a time keeps each burst of output near 4 MiB
// however hostile the archive is; the cap is checked between bursts.
const INPUT_SLICE = 4096;

/**
 * One file out of a zip archive (rocks servers offer `manifest-5.x.zip`), inflated by fflate's streaming reader and
 * stopped as soon as its output passes `maxBytes`, whatever sizes the headers claim.
 */
export function extractFromZip(archive: Uint8Array, name: string, maxBytes: number): Buffer {
  if (!looksLikeZip(archive)) throw new Error("zip: not a zip archive");
  const chunks: Uint8Array[] = [];
  let total = 0;
  let found = false;
  let done = false;
  let failed: Error | undefined;
  let current: UnzipFile | undefined;
  const reader = new Unzip((file) => {
    if (file.name !== name || found) return;
    if (file.compression !== 0 && file.compression !== 8) {
      failed = new Error(`zip: unsupported compression method ${file.compression}`);
      return;
    }
    found = true;
    current = file;
    file.ondata = (error, chunk, final) => {
      if (error) {
        failed = new Error(`zip: ${error.message}`);
        return;
      }
      total += chunk.length;
      if (total > maxBytes) {
        failed = new ZipTooLarge(`zip: ${name} inflates to more than ${formatBytes(maxBytes)}`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) done = true;
    };
    file.start();
  });
  reader.register(UnzipInflate);
  try {
    for (let offset = 0; offset < archive.length && !failed && !done; offset += INPUT_SLICE) {
      const end = Math.min(offset + INPUT_SLICE, archive.length);
      reader.push(archive.subarray(offset, end), end === archive.length);
    }
  } catch (error) {
    throw new Error(`zip: damaged archive (${error instanceof Error ? error.message : String(error)})`);
  }
  if (failed) throw failed;
  if (!found) throw new Error(`zip: no ${name} in the archive`);
  if (!done) throw new Error(`zip: ${name} is truncated`);
  if (current === undefined) throw new Error(`zip: no ${name} in the archive`);
  return Buffer.concat(chunks);
}

function looksLikeZip(archive: Uint8Array): boolean {
  return archive.length >= 4 && archive[0] === 0x50 && archive[1] === 0x4b && archive[2] === 0x03 && archive[3] === 0x04;
}
