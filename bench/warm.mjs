// `node bench/warm.mjs`: each read command run five times in one process (bench/warm-runner.cjs), beside its first
// run: the first run is what every invocation of the CLI pays, the later ones what the same work costs once V8 has
// met the code (its inline caches filled, nothing left to set up). Medians over invocations, in ms.
import "./own-code-cache.mjs";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { markdownTable } from "./lib.mjs";
import { WITHOUT_EXTRA_CA, median } from "./measure.mjs";
import { readPhaseCases } from "./phases.mjs";
import { withReadWorkspace } from "./read-workspace.mjs";

const RUNNER = new URL("./warm-runner.cjs", import.meta.url).pathname;
const RUNS = 5;
const INVOCATIONS = Number(process.env.BENCH_ROUNDS ?? 11);

await withReadWorkspace("warm", ({ workspace, infoTarget }) => {
  const env = { ...(WITHOUT_EXTRA_CA ?? process.env), NO_COLOR: "1" };
  const rows = [["command", "1st run", "2nd run", `${RUNS}th run`, "1st less the last"]];
  for (const item of readPhaseCases(workspace.flags, infoTarget)) {
    const cache = path.join(workspace.dir, `${item.label.replace(/\W+/g, "-")}.cache`);
    rmSync(cache, { force: true });
    const invoke = (runs) => {
      const result = spawnSync(process.execPath, [RUNNER, cache, String(runs), "--", ...item.args.slice(1)], { env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
      if (result.status !== 0) throw new Error(`${item.label}: ${result.stderr}`);
      return JSON.parse(result.stderr.trim().split("\n").pop());
    };
    // The first invocation leaves the cache of one run, as the launcher's first run of a command does.
    invoke(1);
    const series = Array.from({ length: INVOCATIONS }, () => invoke(RUNS));
    const at = (index) => median(series.map((times) => times[index]));
    rows.push([item.label, ...[at(0), at(1), at(RUNS - 1), at(0) - at(RUNS - 1)].map((value) => value.toFixed(2))]);
  }
  console.log(markdownTable(rows));
});
