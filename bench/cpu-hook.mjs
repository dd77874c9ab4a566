// Preloaded with `node --import` by bench/sync.mjs: records this process's own CPU time (user + system, ms) when it
// exits. hg's share of a sync's CPU (a clone's system time above all) swings with the machine's other disk work;
// this is the part prosody-manager itself spends.
import { writeFileSync } from "node:fs";

const out = process.env.PM_BENCH_CPU_FILE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(out, String((usage.userCPUTime + usage.systemCPUTime) / 1000));
  });
}
