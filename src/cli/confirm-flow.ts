import { DRY_RUN_NOTE } from "../core/dry-run.js";
import type { Context, Logger } from "../app/context.js";
import { Session } from "../app/session.js";
import { failure } from "../core/errors.js";
import { type ConfirmationNeed, confirmationNeed } from "../core/model/confirmation.js";
import type { CommandInput, CommandResult, CommandSpec } from "./command.js";
import { askYesNo, type InputStream } from "./prompt.js";

/**
 * Ask first. On a terminal (stdin and stdout), a command that changes things is run as a dry run, and when the plan
 * edits the Prosody config, replaces or deletes files or downgrades (core/model/confirmation.ts) the plan is shown and
 * confirmed before the same command runs for real. The locks are held from the dry run to the end, so the change
 * made is the change shown. No terminal (pipes, Ansible, CI), --yes, --json or --dry-run: the command just runs, and
 * what needs --force is still refused without it.
 */
export async function runAskingFirst(spec: CommandSpec, ctx: Context, input: CommandInput, stdinOf: () => InputStream | undefined): Promise<CommandResult> {
  const changes = typeof spec.asksFirst === "function" ? spec.asksFirst(input) : spec.asksFirst === true;
  // stdin is looked at only by a command that may ask: opening it costs every other run a stream it never reads.
  const stdin = changes ? stdinOf() : undefined;
  if (!changes || !stdin || !mayAsk(ctx, stdin)) return spec.run(ctx, input);
  const shared: Context = { ...ctx, locks: { held: false } };
  const said = new Set<string>();
  return new Session(shared).withLock(async () => {
    const preview = await spec.run({ ...shared, flags: { ...shared.flags, dryRun: true }, log: echoes(ctx.log, said, true) }, input);
    // A command that forgot to say what it changes is asked about: the safe side.
    const need: ConfirmationNeed = preview.preview ? confirmationNeed(preview.preview) : { ask: true, reasons: ["changes the server"] };
    if (need.ask) {
      // On stdout, the terminal the rule requires: with stderr redirected the question would be asked unseen.
      const plan = preview.text.split("\n").filter((line) => line !== DRY_RUN_NOTE).join("\n");
      if (plan !== "") ctx.stdout.write(`${plan}\n`);
      ctx.stdout.write(`This change:\n${need.reasons.map((reason) => `  - ${reason}\n`).join("")}`);
      if (!(await askYesNo(stdin, ctx.stdout, "Proceed?"))) {
        throw failure("not confirmed: nothing was changed", "answer y to go ahead, or pass --yes; --dry-run only shows the plan");
      }
    }
    return spec.run({ ...shared, log: echoes(ctx.log, said, false) }, input);
  });
}

/** Only a person at a terminal can answer, and only when nothing already answered for them. */
function mayAsk(ctx: Context, stdin: InputStream): boolean {
  return stdin.isTTY === true && ctx.stdout.isTTY === true && !ctx.flags.yes && !ctx.flags.dryRun && !ctx.flags.json;
}

/**
 * The dry run and the real run say the same warnings (a broken stage, a skipped module): the dry run's are noted
 * (`remember`), and the real run leaves out what was already said. Errors are always said.
 */
function echoes(log: Logger, said: Set<string>, remember: boolean): Logger {
  const say = (key: string, print: () => void): void => {
    if (remember) said.add(key);
    else if (said.has(key)) return;
    print();
  };
  return {
    info: (message) => say(`info:${message}`, () => log.info(message)),
    warn: (message) => say(`warn:${message}`, () => log.warn(message)),
    error: (message, hint) => log.error(message, hint),
  };
}
