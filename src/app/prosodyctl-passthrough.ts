import { prosodyctlPassthrough } from "../prosody/prosodyctl.js";
import type { Context } from "./context.js";
import { Session } from "./session.js";

/** prosodyctl with the config prosody-manager was given, so both tools look at the same installation. */
export async function runProsodyctl(ctx: Context, args: readonly string[]): Promise<number> {
  const session = new Session(ctx);
  const configPath = session.settings.configExplicit ? session.settings.configPath : undefined;
  return prosodyctlPassthrough([...args], { configPath, env: ctx.env, command: session.settings.prosodyctl });
}
