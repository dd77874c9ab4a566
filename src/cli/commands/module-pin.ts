import { DRY_RUN_NOTE } from "../../core/dry-run.js";
import { Session } from "../../app/session.js";
import { setPin } from "../../app/use-cases/pin.js";
import { usageError } from "../../core/errors.js";
import { parseModuleName } from "../../core/names.js";
import { ROCK_VERSION } from "../../core/rock-version.js";
import type { Source } from "../../core/types.js";
import { arg, flagOption, stringOption, type CommandInput, type CommandResult, type CommandSpec } from "../command.js";
import type { Context } from "../../app/context.js";
import { describeStep, stepJson } from "../plan-view.js";
import { lockfileLine } from "../result-lines.js";
import { changePreview } from "../change-preview.js";

const SOURCE_OPTION = { flags: "--source <source>", description: "community or rocks, when the module is installed from both" };

function sourceOf(input: CommandInput): Source | undefined {
  const value = stringOption(input.options, "source");
  if (value === undefined || value === "community" || value === "rocks") return value;
  throw usageError(`--source must be community or rocks, not '${value}'`);
}

async function runPin(ctx: Context, input: CommandInput, pinned: boolean): Promise<CommandResult> {
  const [text = ""] = input.args;
  const at = text.indexOf("@");
  const name = parseModuleName(at === -1 ? text : text.slice(0, at));
  const ref = at === -1 ? undefined : text.slice(at + 1);
  if (ref !== undefined && (!/^[A-Za-z0-9._+-]+$/.test(ref) || ref.startsWith("-"))) throw usageError(`invalid revision or version '${ref}'`);
  const source = sourceOf(input);
  if (ref !== undefined && source === "rocks" && !ROCK_VERSION.test(ref)) throw usageError(`invalid rock version '${ref}' (expected like 3-1)`);
  const session = new Session(ctx);
  return session.withLock(async () => {
    const dryRun = ctx.flags.dryRun;
    const outcome = await setPin(session, { name, ref, source, pinned, force: flagOption(input.options, "force"), dryRun });
    const step = outcome.plan.steps.find((item) => item.name === name && item.source === outcome.source);
    const at = step?.to ? (outcome.source === "community" ? step.to.slice(0, 12) : step.to) : "?";
    return {
      json: { dryRun, changed: !dryRun && outcome.lockfileChanged, name, source: outcome.source, pinned, steps: outcome.plan.steps.map((item) => stepJson(item)) },
      text: [
        ...(step && step.action !== "keep" ? [describeStep(step, dryRun)] : []),
        `${name} (${outcome.source}) ${pinned ? `pinned at ${at}` : `unpinned (at ${at}); 'module update' moves it again`}`,
        lockfileLine(outcome, dryRun),
        dryRun ? DRY_RUN_NOTE : "",
      ].filter(Boolean).join("\n"),
      preview: changePreview(outcome.plan.steps),
    };
  });
}

export const modulePin: CommandSpec = {
  path: ["module", "pin"],
  summary: "pin a module at its installed revision or version, or at another one",
  description: "Records a pin in the lockfile, so 'module update' leaves the module alone. NAME@REV (community) or NAME@VERSION\n(rocks) moves the module there first.",
  args: [arg("module", "module name, optionally name@revision or name@version")],
  options: [SOURCE_OPTION, { flags: "--force", description: "replace local changes when moving to another revision (kept in a backup)" }],
  examples: ["prosody-manager module pin mod_pastebin", "prosody-manager module pin mod_pastebin@1a2b3c4d5e6f", "prosody-manager module pin mod_cloud_notify@7-1 --source rocks"],
  asksFirst: true,
  run: (ctx, input) => runPin(ctx, input, true),
};

export const moduleUnpin: CommandSpec = {
  path: ["module", "unpin"],
  summary: "let 'module update' move a pinned module again",
  description: "Clears the pin in the lockfile; the installed files stay as they are until the next 'module update'.",
  args: [arg("module", "module name")],
  options: [SOURCE_OPTION],
  examples: ["prosody-manager module unpin mod_pastebin", "prosody-manager module unpin mod_cloud_notify --source rocks"],
  asksFirst: true,
  run: (ctx, input) => runPin(ctx, input, false),
};
