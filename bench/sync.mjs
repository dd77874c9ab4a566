// `node bench/sync.mjs`: the figures of `module sync` on the generated 2 000-module catalogue, each beside the hg it
// must run: the first sync (clone + index) beside clone + update (also on 448 modules, where its goal was set), a sync finding nothing new beside one `hg pull`,
// an incremental sync (1 changeset touching 5 modules) beside `hg pull --update`, and each one's peak RSS. Medians,
// wall and CPU (user + system, children included): on a shared machine the CPU figure is the steadier one, and
// prosody-manager's own CPU (hg excluded) the steadiest, since a clone's system time follows the disk's other work.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { measureFirstSync } from "./first-sync.mjs";
import { ensureDataset, ensureGoalDataset } from "./generate.mjs";
import { cli as built } from "./lib.mjs";
import { interleaved, median, peakRssMiB, signedMs, timeOnce } from "./measure.mjs";
import { benchWorkspace } from "./workspace.mjs";

// PM_BENCH_CLI measures another build (an older one kept aside) on the same data.
const cli = process.env.PM_BENCH_CLI ?? built;
const ROUNDS = Number(process.env.BENCH_SLOW_ROUNDS ?? 5);
const FIRST_ROUNDS = Number(process.env.BENCH_FIRST_ROUNDS ?? 3);

const data = ensureDataset();
const goalData = ensureGoalDataset();
const workspace = benchWorkspace(data, cli, "sync");
const { dir, upstream, cache, cacheRepo, flags } = workspace;
const sync = [cli, ...flags, "module", "sync"];
const ms = (value) => `${value.toFixed(0)} ms`;
const CPU_HOOK = new URL("./cpu-hook.mjs", import.meta.url).href;

/** Median of the sync's own CPU time (children excluded) over `runs` runs, each after `before()`. */
function ownCpu(runs, before = () => {}) {
  const values = [];
  const file = path.join(dir, "own-cpu");
  for (let run = 0; run < runs; run++) {
    before();
    execFileSync(process.execPath, ["--import", CPU_HOOK, ...sync], { stdio: "ignore", env: { ...process.env, PM_BENCH_CPU_FILE: file } });
    values.push(Number(readFileSync(file, "utf8")));
  }
  return median(values);
}
const lines = [];
const report = (line) => {
  lines.push(line);
  console.error(`bench: ${line}`);
};

try {
  // First sync: clone and index from nothing, beside the clone and update alone; the difference is the index. Also at
  // the size the goal was set at (448 modules, the same history).
  for (const space of [workspace, benchWorkspace(goalData, cli, "sync-448")]) {
    const first = measureFirstSync(cli, space, FIRST_ROUNDS);
    report(
      `first sync (${first.modules} modules): ${ms(first.wall)} (cpu ${ms(first.cpu)}); clone + update ${ms(first.cloneWall)} (cpu ${ms(first.cloneCpu)}); ` +
        `index ${ms(first.index)} (cpu ${ms(first.indexCpu)}); after hg's last process ${ms(first.afterHg)}; prosody-manager's own cpu ${ms(first.ownCpu)}; peak RSS ${first.rss.toFixed(0)} MiB`,
    );
    if (space !== workspace) rmSync(space.dir, { recursive: true, force: true });
  }
  const modules = JSON.parse(readFileSync(path.join(cache, "catalogue.json"), "utf8")).community.modules;

  // Nothing new: beside one `hg pull` that finds nothing.
  const nothingNew = interleaved([
    { label: "sync", program: process.execPath, args: sync },
    { label: "hg pull", program: "hg", args: ["pull", "-R", cacheRepo, upstream] },
  ], ROUNDS);
  const nothingRss = peakRssMiB(cli, sync.slice(1));
  const nothingOwn = ownCpu(ROUNDS);
  report(
    `nothing-new sync: ${ms(nothingNew.wall.get("sync"))} = hg pull ${signedMs(nothingNew.wall.get("sync") - nothingNew.wall.get("hg pull"))} ` +
      `(cpu ${ms(nothingNew.cpu.get("sync"))} = hg pull ${signedMs(nothingNew.cpu.get("sync") - nothingNew.cpu.get("hg pull"))}); hg pull ${ms(nothingNew.wall.get("hg pull"))}; ` +
      `prosody-manager's own cpu ${ms(nothingOwn)}; peak RSS ${nothingRss.toFixed(0)} MiB`,
  );

  // Incremental: upstream gains one changeset touching 5 modules before each run (not timed).
  const touched = modules.filter((module) => module.hasCode).slice(0, 5).map((module) => module.name);
  const touchUpstream = () => workspace.touchUpstream(touched);
  const series = (label, program, args) => {
    const runs = [];
    for (let run = 0; run < ROUNDS; run++) {
      touchUpstream();
      runs.push(timeOnce(label, program, args));
    }
    return { wall: median(runs.map((run) => run.wall)), cpu: median(runs.map((run) => run.cpu)) };
  };
  const incremental = series("incremental sync", process.execPath, sync);
  const incrementalOwn = ownCpu(ROUNDS, touchUpstream);
  touchUpstream();
  const incrementalRss = peakRssMiB(cli, sync.slice(1));
  const pulls = series("hg pull --update", "hg", ["pull", "--update", "-R", cacheRepo, upstream]);
  report(
    `incremental sync (1 changeset, 5 modules): ${ms(incremental.wall)} (cpu ${ms(incremental.cpu)}); hg pull --update ${ms(pulls.wall)} (cpu ${ms(pulls.cpu)}); ` +
      `+ ${ms(incremental.wall - pulls.wall)} (cpu + ${ms(incremental.cpu - pulls.cpu)}); prosody-manager's own cpu ${ms(incrementalOwn)}; peak RSS ${incrementalRss.toFixed(0)} MiB`,
  );
  console.log(`\nmodule sync bench: ${modules.length} community modules; medians of ${ROUNDS} runs (${FIRST_ROUNDS} for first syncs); ${os.cpus().length} cores\n`);
  for (const line of lines) console.log(`- ${line}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
