import { PACKAGE_VERSION } from "../version.js";

/** What `--version` prints: this tool alone, read from nothing, since scripts call it to probe the tool. */
export function versionLine(): string {
  return `prosody-manager ${PACKAGE_VERSION} (Node.js ${process.versions.node})`;
}
