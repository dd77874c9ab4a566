import { promises as fs } from "node:fs";
import path from "node:path";
import { type AccountIds, describeMode, type Ownership } from "../core/access.js";
import { type CheckResult, fail, ok, warn } from "../core/doctor.js";
import { type AccessKind, accessibleAs } from "../system/access-as.js";
import type { Account } from "../system/accounts.js";
import { ownership, unreadableIn } from "./prosody-reach.js";

/** One thing the prosody user cannot reach, and the command that fixes it. */
interface Blocked {
  path: string;
  stat: Ownership;
  /** What prosody needs to do there: list and enter, read, or only pass through. */
  kind: AccessKind;
  fix: string;
}

const SHOWN = 5;

/**
 * Prosody runs as prosody and loads modules from the installer tree and every plugin path: each of them, every
 * directory above them and every file below them must be readable by that user (a umask of 077 at install time, or
 * a directory made 0700 by hand, leaves them unreadable and the module "not found" at load time).
 */
export async function accessChecks(tree: string, pluginDirs: readonly string[], account: Account | undefined, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const treeExists = await fs.stat(tree).then(() => true, () => false);
  const results: CheckResult[] = [];
  if (!treeExists) results.push(warn("installer_path", `${tree} does not exist yet (made by the first rocks install)`));
  else if (!account) results.push(ok("installer_path", `${tree} exists (no prosody user here to check access for)`));
  else results.push(verdict("installer_path", [tree], await confirmed(tree, await blockedIn(tree, account, `chown -R ${account.name}: ${tree}`), account, env), account));

  const dirs: string[] = [];
  for (const dir of new Set(pluginDirs.map((item) => path.resolve(item)))) if (dir !== path.resolve(tree) && (await fs.stat(dir).then(() => true, () => false))) dirs.push(dir);
  if (dirs.length === 0) return results;
  if (!account) return [...results, ok("plugin_access", `${dirs.join(", ")} (no prosody user here to check access for)`)];
  const blocked: Blocked[] = [];
  for (const dir of dirs) blocked.push(...(await confirmed(dir, await blockedIn(dir, account, `chmod -R a+rX ${dir}`), account, env)));
  return [...results, verdict("plugin_access", dirs, blocked, account)];
}

function verdict(id: string, roots: readonly string[], blocked: readonly Blocked[], account: Account): CheckResult {
  if (blocked.length === 0) return ok(id, `${account.name} can read ${roots.join(", ")} and everything in ${roots.length > 1 ? "them" : "it"}`);
  const shown = blocked.slice(0, SHOWN).map((item) => `${item.path} (${describeMode(item.stat)})`);
  const more = blocked.length > SHOWN ? ` and ${blocked.length - SHOWN} more` : "";
  const fixes = [...new Set(blocked.map((item) => item.fix))];
  return fail(id, `${account.name} (uid ${account.uid}) cannot read ${shown.join(", ")}${more}: Prosody will not find what is there`, fixes.join("; "));
}

const CONFIRMED = 20;

/**
 * The mode bits' verdict, checked with a real access as prosody where root can ask (setpriv): an ACL may grant what
 * the bits deny, or deny what they grant. The first findings and the root itself are asked; the rest keep the bits'.
 */
async function confirmed(root: string, blocked: readonly Blocked[], account: Account, env: NodeJS.ProcessEnv): Promise<Blocked[]> {
  const out: Blocked[] = [];
  for (const [index, item] of blocked.entries()) {
    if (index >= CONFIRMED || (await accessibleAs(account, item.path, item.kind, env)) !== true) out.push(item);
  }
  if (blocked.length === 0 && (await accessibleAs(account, root, "read-dir", env)) === false) {
    const stat = await ownership(root);
    if (stat) out.push({ path: root, stat, kind: "read-dir", fix: `getfacl ${root}: an ACL denies ${account.name}` });
  }
  return out;
}

/** What `unreadableIn` finds, each with its fix: `chmod a+x` for a directory to pass through, else `fix`. */
async function blockedIn(root: string, account: AccountIds, fix: string): Promise<Blocked[]> {
  return (await unreadableIn(root, account)).map((item) => ({ ...item, fix: item.kind === "traverse" ? `chmod a+x ${item.path}` : fix }));
}
