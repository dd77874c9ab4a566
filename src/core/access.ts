// Whether an account may read a file or directory, from its mode bits and owner, as the kernel decides for a process
// without capabilities: owner bits for the owner, else group bits for a member, else the bits for others.

export interface AccountIds {
  uid: number;
  gid: number;
  groups: readonly number[];
}

export interface Ownership {
  uid: number;
  gid: number;
  /** st_mode; only the permission bits are read. */
  mode: number;
  isDirectory: boolean;
}

/** The rwx bits (0–7) that apply to this account. */
function applicableBits(stat: Ownership, account: AccountIds): number {
  if (stat.uid === account.uid) return (stat.mode >> 6) & 7;
  if (stat.gid === account.gid || account.groups.includes(stat.gid)) return (stat.mode >> 3) & 7;
  return stat.mode & 7;
}

/** A directory must be listable and enterable (r and x), a file readable (r). Root reads everything. */
export function canRead(stat: Ownership, account: AccountIds): boolean {
  if (account.uid === 0) return true;
  const bits = applicableBits(stat, account);
  return stat.isDirectory ? (bits & 5) === 5 : (bits & 4) === 4;
}

/** Reaching anything below a directory needs x on it (and on every directory above it). */
export function canTraverse(stat: Ownership, account: AccountIds): boolean {
  return account.uid === 0 || (applicableBits(stat, account) & 1) === 1;
}

/** `drwx------ 0:0`, as `ls -ln` shows it: what an admin compares with the fix. */
export function describeMode(stat: Ownership): string {
  const letters = "rwxrwxrwx".split("").map((letter, index) => ((stat.mode >> (8 - index)) & 1 ? letter : "-"));
  return `${stat.isDirectory ? "d" : "-"}${letters.join("")} ${stat.uid}:${stat.gid}`;
}
