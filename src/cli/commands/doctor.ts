import { runDoctor } from "../../app/doctor.js";
import { Session } from "../../app/session.js";
import { SYMBOL } from "../../core/doctor.js";
import { painter } from "../paint.js";
import type { CommandSpec } from "../command.js";

export const doctor: CommandSpec = {
  path: ["doctor"],
  summary: "check the tools, the config, the plugin directories and the installed modules",
  description:
    "One line per check: ✓ fine, ! worth a look, ✗ broken (with a hint). Exits 1 when any check fails.\n" +
    "Checks hg, luarocks and prosodyctl; LuaRocks against Prosody's Lua; the config and the options prosody-manager\n" +
    "relies on; that the prosody user can read the installer tree, every plugin path and every module in them; enabled\n" +
    "modules found nowhere; modules in several plugin directories; installed modules whose README says they do not work\n" +
    "on this Prosody, or that are merged into it; leftovers of interrupted runs. A config that cannot be read is one\n" +
    "failed check: the checks that do not need it still run (paths from flags, else defaults).",
  args: [],
  options: [],
  examples: ["prosody-manager doctor", "prosody-manager --config /etc/prosody/prosody.cfg.lua doctor --json"],
  async run(ctx) {
    const results = await runDoctor(new Session(ctx, { tolerateConfigErrors: true }));
    const failed = results.some((result) => result.status === "fail");
    const paint = painter(ctx.stdout, ctx.env, ctx.flags.color);
    const style = { ok: "green", warn: "yellow", fail: "red" } as const;
    return {
      json: { ok: !failed, checks: results.map((result) => ({ name: result.id, status: result.status, detail: result.detail, hint: result.hint ?? null })) },
      text: results.map((result) => `${paint(style[result.status], SYMBOL[result.status])} ${result.id}: ${result.detail}${result.hint ? `\n    hint: ${result.hint}` : ""}`).join("\n"),
      exitCode: failed ? 1 : 0,
    };
  },
};
