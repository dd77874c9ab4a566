import { findToolVersions } from "../../app/tool-versions.js";
import { PACKAGE_VERSION, versionLine } from "../../version.js";
import type { CommandSpec } from "../command.js";

const MISSING = "not found on PATH";

export const versionCommand: CommandSpec = {
  path: ["version"],
  summary: "print the version of prosody-manager and of the Prosody, LuaRocks and hg it finds",
  description:
    "Prints the version of prosody-manager, then of the Prosody (with its Lua and prosodyctl), LuaRocks and Mercurial " +
    "found on PATH: the tools it drives. '--version' prints the first line alone, without looking for the tools.",
  args: [],
  options: [],
  examples: ["prosody-manager version", "prosody-manager --json version"],
  async run(ctx) {
    const tools = await findToolVersions(ctx.env);
    const prosody = tools.prosody
      ? `${tools.prosody.version}${tools.prosody.lua ? ` (Lua ${tools.prosody.lua})` : ""}, ${tools.prosody.prosodyctl}`
      : MISSING;
    const text = [versionLine(), `Prosody   ${prosody}`, `LuaRocks  ${tools.luarocks ?? MISSING}`, `Mercurial ${tools.hg ?? MISSING}`].join("\n");
    return {
      json: {
        version: PACKAGE_VERSION,
        node: process.versions.node,
        prosody: tools.prosody ? { version: tools.prosody.version, lua: tools.prosody.lua ?? null, prosodyctl: tools.prosody.prosodyctl } : null,
        luarocks: tools.luarocks ?? null,
        hg: tools.hg ?? null,
      },
      text,
    };
  },
};
