// `node bench/warm-runner.cjs CACHE RUNS -- ARGS`: the read bundle loaded as the launcher loads it, with the code cache
// in CACHE (written after the first run when there is none, as the launcher writes a command's own), then the command
// run RUNS times in this one process; prints each run's ms on stderr as JSON. The command's own output goes to stdout.
// For bench/warm.mjs: what a run costs once V8 has met its code, beside what the first run costs.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { loadBundle } = require("../dist/prosody-manager.js");

const bundle = path.join(__dirname, "..", "dist", "lib", "prosody-manager-read.cjs");
const [cacheFile, runsText, separator, ...args] = process.argv.slice(2);
if (separator !== "--") throw new Error("usage: warm-runner.cjs CACHE RUNS -- ARGS");
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const loaded = loadBundle(bundle, cachedData, require);
const exit = process.exit;
process.argv = [process.argv[0], bundle, ...args];

/** One run of the command: main() ends by calling process.exit, which here ends the run instead of the process. */
function runOnce() {
  return new Promise((resolve) => {
    process.exit = (code) => resolve(code ?? process.exitCode ?? 0);
    loaded.exports.main();
  });
}

(async () => {
  const times = [];
  for (let run = 0; run < Number(runsText); run++) {
    const start = process.hrtime.bigint();
    const code = await runOnce();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (code !== 0) throw new Error(`exit ${code}`);
    if (run === 0 && !loaded.cacheUsed) writeFileSync(cacheFile, loaded.createCache());
  }
  process.stderr.write(`${JSON.stringify(times)}\n`);
  exit(0);
})();
