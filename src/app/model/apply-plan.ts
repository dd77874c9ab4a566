import { promises as fs } from "node:fs";
import path from "node:path";
import { failure } from "../../core/errors.js";
import type { ParentContent } from "../../core/model/parent-content.js";
import { changes, type Plan, type PlanStep } from "../../core/model/plan.js";
import { updateState } from "../../core/state.js";
import type { InstalledCommunityModule, ModuleName } from "../../core/types.js";
import { installRock, removeRock } from "../../sources/rocks/luarocks.js";
import { hashRock, readTreeRocks, type TreeRock } from "../../sources/rocks/tree.js";
import { inTransaction } from "../../system/dir-transaction.js";
import { exists, siblingPath } from "../../system/fs-atomic.js";
import type { Journal } from "../../system/journal.js";
import type { Progress } from "../progress.js";
import { type ProsodyAccount, resolveProsodyAccount } from "../prosody-account.js";
import { handTreeToProsody, luarocksRunAs, shareTreeWithProsody, withTreeBackup } from "../rocks-tree.js";
import { readState, statePath, writeState } from "../state-store.js";
import { backupRock } from "./rock-backup.js";
import { stageCommunity, type StagedModule } from "./stage-community.js";
import { readRockRecords, type RockRecord, writeRockRecords } from "./rocks-records.js";
import type { Targets } from "./targets.js";

export interface AppliedRock {
  version: string;
  treeHash: string;
  requires: ModuleName[];
}

export interface ApplyOutcome {
  /** Tree hashes of the community modules placed. */
  community: Map<ModuleName, string>;
  /** Rocks placed, including the dependencies LuaRocks added on its own. */
  rocks: Map<ModuleName, AppliedRock>;
  /** Rocks LuaRocks installed that the plan did not name: dependencies to record. */
  pulledIn: ModuleName[];
  /** Where displaced local work was kept. */
  backups: string[];
}

/**
 * Runs any plan, all or nothing: community modules are exported to a staging directory first (the slow part), then
 * rocks are installed or removed with the rocks tree copied aside, then the staged directories are swapped in; a
 * failure anywhere puts the rocks tree and every directory back. Local work a step displaces is kept in a dated
 * backup directory. Refusals (steps that need --force) are the caller's: this runs what it is given.
 */
export interface ApplyOptions {
  env: NodeJS.ProcessEnv;
  now: Date;
  forceRockRemoval?: boolean;
  /** A status line for the slow steps, on a terminal only. */
  progress?: Progress;
  /** Where every step that can leave debris is written first, so an interrupted run is undone by the next. */
  journal?: Journal;
  /**
   * The last step before the change is final (the Prosody config edit): it runs with the new files in place, and if
   * it fails, every file and the rocks tree are put back as they were.
   */
  beforeCommit?: BeforeCommit;
  /** Modules whose content at their revision is the cache's working copy's: copied from it, not archived. */
  atParent?: ParentContent;
  /** Something the admin should know that does not stop the change. */
  warn?: (message: string) => void;
  /** Whom the rocks tree belongs to and LuaRocks runs as (the config's prosody_user); prosody without it. */
  prosodyAccount?: () => Promise<ProsodyAccount>;
  /** The lockfile, written from the outcome as the change's last step (journaled like the config). */
  lockfile?: { path: string; write: (outcome: ApplyOutcome) => Promise<void> };
}

/** Files the last step rewrites, with their content before: the journal puts them back if the run dies before the end. */
export interface CommitStep {
  keepFiles(files: readonly { path: string; before: string }[]): void;
}
export type BeforeCommit = (step: CommitStep) => Promise<void>;
/** For a last step that runs outside any journal (a dry run, a plan with nothing to do). */
export const UNJOURNALED: CommitStep = { keepFiles: () => undefined };

export async function applyPlan(plan: Plan, targets: Targets, options: ApplyOptions): Promise<ApplyOutcome> {
  const todo = changes(plan);
  const outcome: ApplyOutcome = { community: new Map(), rocks: new Map(), pulledIn: [], backups: [] };
  if (todo.length === 0) {
    await options.beforeCommit?.(UNJOURNALED);
    return withKeptRecords(plan, targets, outcome);
  }
  const communitySteps = todo.filter((step) => step.source === "community");
  const rockSteps = todo.filter((step) => step.source === "rocks");

  const journal = options.journal;
  const createdDir = !(await exists(targets.communityDir));
  const staging = communitySteps.some((step) => step.action !== "remove") ? await makeStaging(targets.communityDir) : undefined;
  journal?.update((data) => {
    if (staging) data.stagingDirs.push(staging);
    if (staging && createdDir) data.createdDirs.push(targets.communityDir);
  });
  let done = false;
  try {
    const staged = staging ? await stageCommunity(communitySteps, targets.repo, staging, options.atParent) : [];
    await pauseForTests(options.env, "staged");
    const placeCommunity = async (): Promise<void> => {
      if (communitySteps.length > 0) await swapCommunity(plan, staged, communitySteps, targets, options, outcome);
    };
    if (rockSteps.length > 0) {
      const prosody = await (options.prosodyAccount?.() ?? resolveProsodyAccount(undefined));
      await withTreeBackup(
        targets.rocks.tree,
        async () => {
          await runRockSteps(plan, rockSteps, targets, prosody, options, outcome);
          await pauseForTests(options.env, "rocks");
          await placeCommunity();
          if (communitySteps.length === 0) await commitChange(options, outcome);
        },
        {
          copying: (backup) => journal?.update((data) => data.stagingDirs.push(backup)),
          copied: (backup) =>
            journal?.update((data) => {
              data.treeBackup = backup;
              data.stagingDirs = data.stagingDirs.filter((dir) => dir !== backup);
            }),
        },
      );
      await shareTreeWithProsody(targets.rocks.tree, prosody.account);
    } else {
      await placeCommunity();
    }
    done = true;
  } finally {
    if (staging) await fs.rm(staging, { recursive: true, force: true });
    // A failed first install leaves no empty community directory behind (rmdir refuses a non-empty one).
    if (!done && createdDir) await fs.rmdir(targets.communityDir).catch(() => undefined);
  }
  return withKeptRecords(plan, targets, outcome);
}

/**
 * The last steps, their files journaled first: the config edit, then the lockfile (written from what was applied);
 * then the point from which the change stands. A kill before it puts back the files, the config and the lockfile.
 */
async function commitChange(options: ApplyOptions, outcome: ApplyOutcome): Promise<void> {
  const journal = options.journal;
  await options.beforeCommit?.({ keepFiles: (files) => journal?.update((data) => data.files.push(...files)) });
  const lockfile = options.lockfile;
  if (lockfile) {
    const before = await fs.readFile(lockfile.path, "utf8").catch(() => null);
    journal?.update((data) => data.files.push({ path: lockfile.path, before }));
    await lockfile.write(outcome);
  }
  await pauseForTests(options.env, "configured");
  journal?.commit();
  await pauseForTests(options.env, "committed");
}

async function makeStaging(communityDir: string): Promise<string> {
  // mkdir's mode is cut by the umask: a directory Prosody must read gets its mode set outright.
  if (!(await exists(communityDir))) {
    await fs.mkdir(communityDir, { recursive: true });
    await fs.chmod(communityDir, 0o755);
  }
  const staging = siblingPath(path.join(communityDir, "staging"), "stage");
  await fs.mkdir(staging);
  return staging;
}

async function swapCommunity(plan: Plan, staged: readonly StagedModule[], steps: readonly PlanStep[], targets: Targets, options: ApplyOptions, outcome: ApplyOutcome): Promise<void> {
  const now = options.now;
  const journal = options.journal;
  const state = await readState(targets.communityDir);
  const stateFile = statePath(targets.communityDir);
  const stateBefore = await fs.readFile(stateFile, "utf8").catch(() => null);
  journal?.update((data) => data.files.push({ path: stateFile, before: stateBefore }));
  const backupRoot = backupRootFor(targets, now);
  for (const step of steps) {
    const target = path.join(targets.communityDir, step.name);
    if (step.needsForce && (await exists(target))) {
      await fs.mkdir(backupRoot, { recursive: true, mode: 0o700 });
      await fs.cp(target, path.join(backupRoot, step.name), { recursive: true, verbatimSymlinks: true });
      outcome.backups.push(path.join(backupRoot, step.name));
    }
  }
  const removals = steps.filter((step) => step.action === "remove").map((step) => step.name);
  const records: InstalledCommunityModule[] = staged.map((item) => ({
    name: item.step.name,
    source: "community",
    revision: item.step.to ?? "",
    pinned: item.step.pinned,
    treeHash: item.treeHash,
    reason: item.step.reason,
    installedAt: now.toISOString(),
    path: path.join(targets.communityDir, item.step.name),
  }));
  await inTransaction(
    async (tx) => {
      // The test pause comes after the first move of either kind: the middle of the swap, for installs and removals.
      let moves = 0;
      const moved = async (): Promise<void> => {
        if (moves++ === 0) await pauseForTests(options.env, "swapping");
      };
      for (const item of staged) {
        await tx.put(path.join(targets.communityDir, item.step.name), item.dir);
        await moved();
      }
      for (const name of removals) {
        const target = path.join(targets.communityDir, name);
        if (await exists(target)) {
          await tx.remove(target);
          await moved();
        }
      }
      await writeState(targets.communityDir, updateState(state, [...records, ...keptCommunityRecords(plan, state.modules)], removals));
      for (const item of staged) outcome.community.set(item.step.name, item.treeHash);
      await commitChange(options, outcome);
    },
    (move) => journal?.update((data) => data.moves.push(move)),
  );
}

async function runRockSteps(plan: Plan, steps: readonly PlanStep[], targets: Targets, prosody: ProsodyAccount, options: ApplyOptions, outcome: ApplyOutcome): Promise<void> {
  const env = options.env;
  const { tree, luaVersion } = targets.rocks;
  const runAs = await luarocksRunAs(targets.rocks, prosody);
  if (runAs.warning) options.warn?.(runAs.warning);
  if (runAs.account) await handTreeToProsody(tree, runAs.account);
  const rocks = { ...targets.rocks, account: runAs.account };
  const before = new Map((await readTreeRocks(tree, luaVersion)).map((rock) => [rock.name, rock] as const));
  // Edited rocks that --force lets LuaRocks replace or remove are copied out first, as community modules are.
  for (const step of steps) {
    const old = before.get(step.name);
    if (step.needsForce && old) outcome.backups.push(await backupRock(tree, luaVersion, old, path.join(backupRootFor(targets, options.now), `rock-${old.name}-${old.version}`)));
  }
  for (const [index, step] of steps.entries()) {
    const phase = options.progress?.start(`luarocks ${step.action === "remove" ? "removing" : "installing"} ${step.name} ${step.to ?? step.from ?? ""}${steps.length > 1 ? ` (${index + 1}/${steps.length})` : ""}`);
    try {
      if (step.action === "remove") {
        await removeRock(rocks, step.name, options.forceRockRemoval === true, env);
      } else {
        // The same version again (a repair) is only reinstalled by LuaRocks after a removal.
        if (before.get(step.name)?.version === step.to) await removeRock(rocks, step.name, true, env);
        await installRock(rocks, step.name, step.to, env);
      }
    } finally {
      phase?.end();
    }
  }
  const after = await readTreeRocks(tree, luaVersion);
  const records = await readRockRecords(tree);
  const planned = new Set(plan.steps.filter((step) => step.source === "rocks").map((step) => step.name));
  for (const step of steps) if (step.action === "remove") records.delete(step.name);
  for (const rock of after) {
    const step = steps.find((candidate) => candidate.name === rock.name && candidate.action !== "remove");
    const isNew = !before.has(rock.name) && !planned.has(rock.name);
    if (!step && !isNew) continue;
    const treeHash = await hashRock(tree, luaVersion, rock);
    if (step?.expectHash && step.expectHash !== treeHash) {
      throw failure(`rock ${rock.name} ${rock.version} does not match the lockfile`, "the rocks server republished that version, or the lockfile was edited by hand");
    }
    if (step && step.to !== rock.version) throw failure(`LuaRocks installed ${rock.name} ${rock.version}, not ${step.to}`);
    outcome.rocks.set(rock.name, { version: rock.version, treeHash, requires: rock.requires });
    if (isNew) outcome.pulledIn.push(rock.name);
    records.set(rock.name, recordFor(rock, treeHash, step));
  }
  for (const step of steps) {
    if (step.action !== "remove" && !after.some((rock) => rock.name === step.name)) throw failure(`LuaRocks did not install ${step.name}`);
  }
  applyKeptRocks(plan, records);
  await writeRockRecords(tree, records);
}

/** One dated directory a run for the local work it displaced. */
function backupRootFor(targets: Targets, now: Date): string {
  return path.join(targets.backupsDir, now.toISOString().replace(/[:.]/g, "-"));
}

function recordFor(rock: TreeRock, treeHash: string, step: PlanStep | undefined): RockRecord {
  return { name: rock.name, version: rock.version, pinned: step?.pinned ?? false, reason: step?.reason ?? "dependency", treeHash };
}

/** A kept module whose pin or reason changed (pin, unpin, a dependency asked for by name) only needs its record. */
function keptCommunityRecords(plan: Plan, records: readonly InstalledCommunityModule[]): InstalledCommunityModule[] {
  return plan.steps.flatMap((step) => {
    if (step.source !== "community" || step.action !== "keep") return [];
    const current = records.find((record) => record.name === step.name);
    return current && (current.pinned !== step.pinned || current.reason !== step.reason) ? [{ ...current, pinned: step.pinned, reason: step.reason }] : [];
  });
}

function applyKeptRocks(plan: Plan, records: Map<ModuleName, RockRecord>): boolean {
  let changed = false;
  for (const step of plan.steps) {
    if (step.source !== "rocks" || step.action !== "keep") continue;
    const current = records.get(step.name);
    if (current && (current.pinned !== step.pinned || current.reason !== step.reason)) {
      records.set(step.name, { ...current, pinned: step.pinned, reason: step.reason });
      changed = true;
    }
  }
  return changed;
}

/** Records pins and reasons of kept modules even when nothing else changed (a `module pin` is only that). */
async function withKeptRecords(plan: Plan, targets: Targets, outcome: ApplyOutcome): Promise<ApplyOutcome> {
  if (changes(plan).some((step) => step.source === "community") === false) {
    const state = await readState(targets.communityDir);
    const kept = keptCommunityRecords(plan, state.modules);
    if (kept.length > 0) await writeState(targets.communityDir, updateState(state, kept, []));
  }
  if (changes(plan).some((step) => step.source === "rocks") === false && (await exists(targets.rocks.tree))) {
    const records = await readRockRecords(targets.rocks.tree);
    if (applyKeptRocks(plan, records)) await writeRockRecords(targets.rocks.tree, records);
  }
  return outcome;
}

/**
 * Test-only: PROSODY_MANAGER_TEST_PAUSE=staged|rocks|swapping|configured|committed stops a run at that point (saying so on stderr) so a
 * test can kill it there and check that the next run heals. Never set in production.
 */
async function pauseForTests(env: NodeJS.ProcessEnv, point: string): Promise<void> {
  if (env.PROSODY_MANAGER_TEST_PAUSE !== point) return;
  process.stderr.write(`prosody-manager: test pause at ${point}\n`);
  // A timer keeps the event loop alive: a bare pending promise would let the process end.
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}
