// The first sync's figures, shared by bench/run.mjs and bench/sync.mjs: clone and index from nothing, beside the
// clone and update alone (`hg clone -U`, then `hg update`), interleaved; and, steadier on a shared disk, the time the
// sync runs after its last hg process ends, and its own CPU time.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { interleaved, median, peakRssMiB } from "./measure.mjs";

const AFTER_HG_HOOK = new URL("./after-hg-hook.mjs", import.meta.url).href;
const CPU_HOOK = new URL("./cpu-hook.mjs", import.meta.url).href;

/** `workspace` from bench/workspace.mjs; answers medians in ms, the peak RSS in MiB and the modules indexed. */
export function measureFirstSync(cli, workspace, rounds) {
  const { dir, upstream, cache, flags } = workspace;
  const sync = [cli, ...flags, "module", "sync"];
  const fresh = () => rmSync(cache, { recursive: true, force: true });
  const cloneDest = path.join(dir, "clone");
  const timed = interleaved([
    { label: "first sync", program: process.execPath, args: sync, before: fresh },
    { label: "clone", program: "sh", args: ["-c", 'hg clone --quiet -U "$0" "$1" && hg update --quiet -R "$1" tip', upstream, cloneDest], before: () => rmSync(cloneDest, { recursive: true, force: true }) },
  ], rounds);
  const hooked = (hook, variable) => {
    const values = [];
    const file = path.join(dir, "hook-output");
    for (let run = 0; run < rounds; run++) {
      fresh();
      execFileSync(process.execPath, ["--import", hook, ...sync], { stdio: "ignore", env: { ...process.env, [variable]: file } });
      values.push(Number(readFileSync(file, "utf8")));
    }
    return median(values);
  };
  const afterHg = hooked(AFTER_HG_HOOK, "PM_BENCH_AFTER_HG_FILE");
  const ownCpu = hooked(CPU_HOOK, "PM_BENCH_CPU_FILE");
  const rss = peakRssMiB(cli, sync.slice(1), { before: fresh });
  const modules = JSON.parse(readFileSync(path.join(cache, "catalogue.json"), "utf8")).community.modules.length;
  return {
    modules,
    wall: timed.wall.get("first sync"),
    cpu: timed.cpu.get("first sync"),
    cloneWall: timed.wall.get("clone"),
    cloneCpu: timed.cpu.get("clone"),
    index: timed.wall.get("first sync") - timed.wall.get("clone"),
    indexCpu: timed.cpu.get("first sync") - timed.cpu.get("clone"),
    afterHg,
    ownCpu,
    rss,
  };
}
