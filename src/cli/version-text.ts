import { findToolVersions } from "../app/tool-versions.js";
import { PACKAGE_VERSION } from "../version.js";

/** True when this run asks for --version: only then are the tools looked up. */
export function asksForVersion(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  const before = end === -1 ? argv : argv.slice(0, end);
  return before.includes("--version") || before.includes("-V");
}

export async function versionText(env: NodeJS.ProcessEnv): Promise<string> {
  const tools = await findToolVersions(env);
  const missing = "not found on PATH";
  const prosody = tools.prosody
    ? `${tools.prosody.version}${tools.prosody.lua ? ` (Lua ${tools.prosody.lua})` : ""}, ${tools.prosody.prosodyctl}`
    : missing;
  return [
    `prosody-manager ${PACKAGE_VERSION} (Node.js ${process.versions.node})`,
    `Prosody   ${prosody}`,
    `LuaRocks  ${tools.luarocks ?? missing}`,
    `Mercurial ${tools.hg ?? missing}`,
  ].join("\n");
}
