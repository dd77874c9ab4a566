import { completionCandidates } from "../../app/completion-candidates.js";
import { Session } from "../../app/session.js";
import { DYNAMIC_SOURCES, type DynamicSource } from "../../core/completion-model.js";
import { usageError } from "../../core/errors.js";
import { arg, type CommandSpec } from "../command.js";

export const completeWords: CommandSpec = {
  path: ["__complete"],
  summary: "words for shell completion, one a line (used by the completion scripts)",
  args: [arg("source", DYNAMIC_SOURCES.join(", "))],
  options: [],
  examples: ["prosody-manager __complete modules"],
  hidden: true,
  async run(ctx, input) {
    const source = input.args[0] ?? "";
    if (!(DYNAMIC_SOURCES as readonly string[]).includes(source)) throw usageError(`unknown word source '${source}'`, `sources: ${DYNAMIC_SOURCES.join(", ")}`);
    const words = await completionCandidates(new Session(ctx), source as DynamicSource);
    return { json: { source, words: words.map((name) => ({ name })) }, text: words.join("\n") };
  },
};
