import { runProsodyctl } from "../../app/prosodyctl-passthrough.js";
import { arg, type CommandSpec } from "../command.js";

export const prosodyctlCommand: CommandSpec = {
  path: ["prosodyctl"],
  summary: "run prosodyctl with the same config, keeping its exit code",
  description:
    "Passes every argument to prosodyctl untouched, adding --config when prosody-manager was given one, so both tools\n" +
    "look at the same installation. prosodyctl's own output and exit code are kept (so --json does not apply).\n" +
    "--prosodyctl \"CMD…\" (or PROSODY_MANAGER_PROSODYCTL) says how to run it, for Prosody in a container or as another user.",
  args: [arg("args", "arguments for prosodyctl", "optional-variadic")],
  options: [],
  examples: ["prosody-manager prosodyctl status", "prosody-manager prosodyctl check config", "prosody-manager --config /etc/prosody/test.cfg.lua prosodyctl about", 'prosody-manager --prosodyctl "runuser -u prosody -- prosodyctl" prosodyctl about'],
  passThrough: true,
  async run(ctx, input) {
    const code = await runProsodyctl(ctx, input.args);
    return { json: { exitCode: code }, text: "", exitCode: code };
  },
};
