import { promises as fs } from "node:fs";

export interface Account {
  uid: number;
  gid: number;
  /** Supplementary groups from /etc/group, which grant group access as the primary group does. */
  groups: number[];
  /** The home directory /etc/passwd gives (Debian: /var/lib/prosody, Prosody's data directory). */
  home: string;
}

/** The prosody user's uid, gid and groups from /etc/passwd and /etc/group, or undefined where there is no such user. */
export async function prosodyAccount(): Promise<Account | undefined> {
  const line = (await fs.readFile("/etc/passwd", "utf8").catch(() => "")).split("\n").find((entry) => entry.startsWith("prosody:"));
  const [, , uid, gid, , home] = line?.split(":") ?? [];
  if (!uid || !gid || !Number.isInteger(Number(uid)) || !Number.isInteger(Number(gid))) return undefined;
  const groups = (await fs.readFile("/etc/group", "utf8").catch(() => ""))
    .split("\n")
    .map((entry) => entry.split(":"))
    .filter(([, , groupId, members]) => groupId !== undefined && Number.isInteger(Number(groupId)) && (members ?? "").split(",").includes("prosody"))
    .map(([, , groupId]) => Number(groupId));
  return { uid: Number(uid), gid: Number(gid), groups, home: home || "/" };
}
