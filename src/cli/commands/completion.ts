import { bashCompletionScript } from "../../core/completion-bash.js";
import { fishCompletionScript, zshCompletionScript } from "../../core/completion-fish.js";
import { completionModel } from "../../core/completion-model.js";
import { usageError } from "../../core/errors.js";
import { arg, type CommandSpec } from "../command.js";
import { GLOBAL_OPTIONS, GROUP_DESCRIPTIONS } from "../global-options.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

/** Made from the command list it describes (passed in, so this command imports no other). */
export function completionCommand(commands: () => Promise<readonly CommandSpec[]>): CommandSpec {
  return {
    path: ["completion"],
    summary: "print a shell completion script (bash, zsh or fish)",
    description:
      "Prints a completion script generated from the command definitions: commands, options, module names from the " +
      "synced catalogue, installed modules for remove and update, hosts and components from the Prosody config for " +
      "--host and --component.",
    args: [arg("shell", `the shell: ${SHELLS.join(", ")}`)],
    options: [],
    examples: [
      "source <(prosody-manager completion bash)",
      "prosody-manager completion bash > /etc/bash_completion.d/prosody-manager",
      "prosody-manager completion fish > ~/.config/fish/completions/prosody-manager.fish",
    ],
    async run(_ctx, input) {
      const shell = input.args[0] ?? "";
      if (!(SHELLS as readonly string[]).includes(shell)) throw usageError(`unknown shell '${shell}'`, `shells: ${SHELLS.join(", ")}`);
      const model = completionModel(await commands(), GLOBAL_OPTIONS, GROUP_DESCRIPTIONS);
      const bash = bashCompletionScript(model);
      const script = shell === "bash" ? bash : shell === "zsh" ? zshCompletionScript(bash) : fishCompletionScript(model);
      return { json: { shell, script }, text: script };
    },
  };
}
