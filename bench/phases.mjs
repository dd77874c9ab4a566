// Where a read command's time goes: each command run with PROSODY_MANAGER_TRACE_PERFORMANCE=1, and the median time of
// each phase it traces (src/core/phase-trace.ts), in ms. `npm run bench` prints this after its table; alone:
// `node bench/phases.mjs` (a workspace of its own: bench/read-workspace.mjs).
import "./own-code-cache.mjs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cli, markdownTable } from "./lib.mjs";
import { WITHOUT_EXTRA_CA, median } from "./measure.mjs";
import { withReadWorkspace } from "./read-workspace.mjs";

const LINE = /^prosody-manager: performance: ([\d.]+) ms \+([\d.]+) ms (.+)$/;

/** One run's phases in order: a label traced twice in a run is summed. */
function tracedRun(args) {
  const env = { ...(WITHOUT_EXTRA_CA ?? process.env), NO_COLOR: "1", PROSODY_MANAGER_TRACE_PERFORMANCE: "1" };
  const result = spawnSync(process.execPath, args, { env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${result.status}): ${result.stderr}`);
  const phases = new Map();
  for (const line of result.stderr.split("\n")) {
    const match = LINE.exec(line);
    if (match) phases.set(match[3], (phases.get(match[3]) ?? 0) + Number(match[2]));
  }
  if (!phases.has("exit")) throw new Error(`${args.join(" ")} traced no phases: ${result.stderr}`);
  return phases;
}

/**
 * The median of each phase for each command (cases: { label, args }), runs interleaved over the rounds, as a Markdown
 * table with one column a command. A phase a run did not reach counts as 0 ms in that run.
 */
export function phaseTable(cases, rounds) {
  const runs = cases.map(() => []);
  for (let round = 0; round < rounds; round++) cases.forEach((item, index) => runs[index].push(tracedRun(item.args)));
  const labels = [];
  for (const series of runs) for (const phases of series) for (const label of phases.keys()) if (!labels.includes(label)) labels.push(label);
  const cell = (series, label) => median(series.map((phases) => phases.get(label) ?? 0)).toFixed(2);
  const total = (series) => median(series.map((phases) => [...phases.values()].reduce((a, b) => a + b, 0))).toFixed(2);
  const rows = [
    ["phase (ms, median)", ...cases.map((item) => item.label)],
    ...labels.map((label) => [label, ...runs.map((series) => cell(series, label))]),
    ["after Node's start", ...runs.map((series) => median(series.map((phases) => [...phases].reduce((sum, [label, ms]) => (label === "node started" ? sum : sum + ms), 0))).toFixed(2))],
    ["up to exit", ...runs.map(total)],
  ];
  return markdownTable(rows);
}

/** The read commands of the bench, with the flags of its workspace. */
export function readPhaseCases(flags, infoTarget) {
  return [
    { label: "search muc", args: [cli, ...flags, "module", "search", "muc"] },
    { label: `info`, args: [cli, ...flags, "module", "info", infoTarget] },
    { label: "list", args: [cli, ...flags, "module", "list"] },
    { label: "rocks list", args: [cli, ...flags, "module", "rocks", "list"] },
    { label: "outdated", args: [cli, ...flags, "module", "outdated"] },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await withReadWorkspace("phases", ({ workspace, infoTarget }) => {
    const cases = readPhaseCases(workspace.flags, infoTarget);
    // One run each first: a command's first run compiles and leaves its code cache.
    for (const item of cases) tracedRun(item.args);
    console.log(phaseTable(cases, Number(process.env.BENCH_ROUNDS ?? 21)));
  });
}
