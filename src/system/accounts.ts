import { promises as fs } from "node:fs";

export interface Account {
  /** The login name, for messages. */
  name: string;
  uid: number;
  gid: number;
  /** Supplementary groups from /etc/group, which grant group access as the primary group does. */
  groups: number[];
  /** The home directory /etc/passwd gives (Debian's prosody: /var/lib/prosody, Prosody's data directory). */
  home: string;
}

/**
 * An account from /etc/passwd and /etc/group, as prosodyctl switches to it: `user`'s uid and home, the gid of `group`
 * when one is named (else the user's own), the groups that list the user. Undefined where there is no such user or
 * group.
 */
export async function systemAccount(user: string, group?: string): Promise<Account | undefined> {
  const line = (await fs.readFile("/etc/passwd", "utf8").catch(() => "")).split("\n").find((entry) => entry.split(":")[0] === user);
  const [, , uid, gid, , home] = line?.split(":") ?? [];
  if (!isId(uid) || !isId(gid)) return undefined;
  const entries = (await fs.readFile("/etc/group", "utf8").catch(() => "")).split("\n").map((entry) => entry.split(":"));
  const named = group === undefined ? gid : entries.find(([name]) => name === group)?.[2];
  if (!isId(named)) return undefined;
  const groups = entries.filter(([, , groupId, members]) => isId(groupId) && (members ?? "").split(",").includes(user)).map(([, , groupId]) => Number(groupId));
  return { name: user, uid: Number(uid), gid: Number(named), groups, home: home || "/" };
}

function isId(text: string | undefined): text is string {
  return text !== undefined && /^\d+$/.test(text);
}
