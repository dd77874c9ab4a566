import { type Account, systemAccount } from "../system/accounts.js";
import type { ConfigValues } from "./settings.js";

/** The account Prosody runs as, as prosodyctl, started as root, switches to it. */
export interface ProsodyAccount {
  /** prosody_user, else prosody. */
  user: string;
  /** Undefined where this machine has no such account (or no such prosody_group). */
  account: Account | undefined;
  /** run_as_root = true: prosodyctl stays root, and so does LuaRocks. */
  runAsRoot: boolean;
}

export async function resolveProsodyAccount(values: ConfigValues | undefined): Promise<ProsodyAccount> {
  const user = values?.prosodyUser ?? "prosody";
  // prosodyctl's own default for the group is the user's name; /etc/passwd's primary group is what that name is on
  // Debian, and what a user made without a group of its own name has.
  return { user, account: await systemAccount(user, values?.prosodyGroup), runAsRoot: values?.runAsRoot === true };
}
