// One config file's text, with the checks every read of a config makes; apart from the parser, so that a missing
// config is reported without loading it.
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { failure, isUserError } from "../../core/errors.js";

// Far above any real config (Debian's is 12 KiB); a config this large is a mistake or an attack, not a config.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export async function readConfigFile(file: string, isMain: boolean): Promise<string> {
  const hint = isMain ? "pass --config PATH or set PROSODY_CONFIG" : undefined;
  let fd: number | undefined;
  try {
    // Links are followed (configs are often linked into place), but a device or FIFO is never read: /dev/zero never ends.
    // Synchronous calls: every command reads the config, and a thread-pool round trip per call costs more than the reads.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw failure(`cannot read the Prosody config ${file}: not a regular file`, hint);
    if (stat.size > MAX_CONFIG_BYTES) throw failure(`cannot read the Prosody config ${file}: larger than 16 MiB`, hint);
    return readFileSync(fd, "utf8");
  } catch (error) {
    if (isUserError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw failure(`cannot read the Prosody config ${file}: ${code}`, hint);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
