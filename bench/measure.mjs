// Whole-process timings and peak memory. Figures only: a bench never asserts, it prints.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ENV = { ...process.env, NO_COLOR: "1" };

/** Wall time of one run in ms; a failing command stops the bench, since its figure would mean nothing. */
export function timeOnce(label, program, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(program, args, { stdio: ["ignore", "ignore", "pipe"], env: ENV, cwd: options.cwd });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !options.allowFailure) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr}`);
  return ms;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every case once per round, rounds times, interleaved: on a shared machine a burst of load then slows every
 * case of that round alike instead of one case's whole series. Answers the median per label.
 */
export function interleaved(cases, rounds) {
  const times = new Map(cases.map((item) => [item.label, []]));
  for (let round = 0; round < rounds; round++) {
    for (const item of cases) {
      item.before?.();
      times.get(item.label).push(timeOnce(item.label, item.program, item.args, item));
    }
  }
  return new Map([...times].map(([label, values]) => [label, median(values)]));
}

const HOOK = new URL("./rss-hook.mjs", import.meta.url).href;

/** Peak resident set in MiB of a Node script's own process (children not counted), from the preloaded hook. */
export function peakRssMiB(script, args, options = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pm-rss-"));
  try {
    const out = path.join(dir, "rss");
    options.before?.();
    const result = spawnSync(process.execPath, ["--import", HOOK, script, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...ENV, PM_BENCH_RSS_FILE: out },
      cwd: options.cwd,
    });
    if (result.status !== 0 && !options.allowFailure) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    return Number(readFileSync(out, "utf8")) / 1024;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
