import { Session } from "../../app/session.js";
import { runInherited } from "../../system/exec.js";
import { arg, type CommandSpec } from "../command.js";

export const prosodyctlPassthrough: CommandSpec = {
  path: ["prosodyctl"],
  summary: "run prosodyctl with the same config, keeping its exit code",
  description:
    "Passes every argument to prosodyctl untouched, adding --config when prosody-manager was given one, so both tools\n" +
    "look at the same installation. prosodyctl's own output and exit code are kept (so --json does not apply).",
  args: [arg("args", "arguments for prosodyctl", "optional-variadic")],
  options: [],
  examples: ["prosody-manager prosodyctl status", "prosody-manager prosodyctl check config", "prosody-manager --config /etc/prosody/test.cfg.lua prosodyctl about"],
  passThrough: true,
  async run(ctx, input) {
    const session = new Session(ctx);
    const configArgs = session.settings.configExplicit ? ["--config", session.settings.configPath] : [];
    const code = await runInherited("prosodyctl", [...configArgs, ...input.args], { env: ctx.env });
    return { json: { exitCode: code }, text: "", exitCode: code };
  },
};
