// `node bench/compare.mjs OLD_CLI [NEW_CLI]`: the read commands of two builds side by side, interleaved in the same
// rounds, as ratios to `node -e 0`: on a machine whose load moves every figure from run to run, this is the steady way
// to tell whether a change made them faster. Each build gets its own workspace, synced and installed by itself (the
// builds may not share a cache format). Keep the old build outside dist/, e.g.
//   git stash && node scripts/build.mjs --out /tmp/pm-old && git stash pop && npm run build
//   node bench/compare.mjs /tmp/pm-old/prosody-manager.js
import "./own-code-cache.mjs";
import { rmSync } from "node:fs";
import { ensureDataset } from "./generate.mjs";
import { cli as built } from "./lib.mjs";
import { interleaved, median } from "./measure.mjs";
import { preparedWorkspace } from "./workspace.mjs";

const [oldCli, newCli = built] = process.argv.slice(2);
if (!oldCli) {
  console.error("usage: node bench/compare.mjs OLD_CLI [NEW_CLI]");
  process.exit(2);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const data = ensureDataset();

const sides = { old: preparedWorkspace(data, oldCli, "compare-old"), new: preparedWorkspace(data, newCli, "compare-new") };
try {
  const reads = [["module", "search", "muc"], ["module", "info", sides.new.info], ["module", "list"], ["module", "rocks", "list"], ["module", "outdated"], ["--version"]];
  const cases = [{ label: "node -e 0", program: process.execPath, args: ["-e", "0"] }];
  for (const args of reads) {
    for (const [side, { workspace }] of Object.entries(sides)) cases.push({ label: `${side} ${args.join(" ")}`, program: process.execPath, args: workspace.pmArgs(...args) });
  }
  const times = interleaved(cases, ROUNDS);
  const floor = { wall: times.wall.get("node -e 0"), cpu: times.cpu.get("node -e 0") };
  const ratio = (label, key) => `${(times[key].get(label) / floor[key]).toFixed(2)}×`;
  console.log(`\nread commands, ${ROUNDS} interleaved rounds; \`node -e 0\` ${floor.wall.toFixed(0)} ms (cpu ${floor.cpu.toFixed(0)} ms)\n`);
  // The two builds' CPU time in the same round, subtracted: the machine's load, which moves each median by ±5 ms
  // from run to run here, is mostly the same for both runs of a round.
  const paired = (label) => median(times.runs.get(`new ${label}`).map((run, round) => run.cpu - times.runs.get(`old ${label}`)[round].cpu));
  console.log("| command | old, wall (cpu) | new, wall (cpu) | CPU new − old, median of the rounds' differences |\n|---|---|---|---|");
  for (const args of reads) {
    const label = args.join(" ");
    console.log(`| \`${label}\` | ${ratio(`old ${label}`, "wall")} (${ratio(`old ${label}`, "cpu")}) | ${ratio(`new ${label}`, "wall")} (${ratio(`new ${label}`, "cpu")}) | ${paired(label).toFixed(1)} ms |`);
  }
} finally {
  for (const { workspace } of Object.values(sides)) rmSync(workspace.dir, { recursive: true, force: true });
}
