import { promises as fs } from "node:fs";

/** The prosody user's uid and gid from /etc/passwd, or undefined where there is no such user. */
export async function prosodyAccount(): Promise<{ uid: number; gid: number } | undefined> {
  const line = (await fs.readFile("/etc/passwd", "utf8").catch(() => "")).split("\n").find((entry) => entry.startsWith("prosody:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  return uid && gid && Number.isInteger(Number(uid)) && Number.isInteger(Number(gid)) ? { uid: Number(uid), gid: Number(gid) } : undefined;
}
