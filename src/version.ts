// Kept in step with package.json by test/unit/version.test.ts.
export const PACKAGE_VERSION = "0.1.0";

/** What `--version` prints: this tool alone, read from nothing, since scripts call it to probe the tool. */
export function versionLine(): string {
  return `prosody-manager ${PACKAGE_VERSION} (Node.js ${process.versions.node})`;
}
