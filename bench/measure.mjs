// Whole-process timings and peak memory. Figures only: a bench never asserts, it prints.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ENV = { ...process.env, NO_COLOR: "1" };

/**
 * The environment without NODE_EXTRA_CA_CERTS, when it is set: Node then reads and parses every certificate of that
 * file at start, before any script (400 M instructions and about 50 ms for Debian's bundle here), in `node -e 0` as
 * in every command. Such a floor hides what a command costs above a bare Node start; a server rarely sets it.
 */
export const WITHOUT_EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS ? Object.fromEntries(Object.entries(ENV).filter(([name]) => name !== "NODE_EXTRA_CA_CERTS")) : undefined;

const WAIT4 = new URL("./wait4.py", import.meta.url).pathname;
const HAVE_PYTHON = spawnSync("python3", ["-c", "import os; os.wait4"], { stdio: "ignore" }).status === 0;
const TIME = "/usr/bin/time";
const HAVE_TIME = existsSync(TIME);

/**
 * Wall time of one run in ms, and its CPU time (user + system, children included): on a machine shared with other
 * work the CPU figure drifts far less than the wall one. Both from wait4(2) through bench/wait4.py when python3 is
 * there (microseconds), else the wall time here and the CPU time from GNU time (10 ms steps). A failing command stops
 * the bench, since its figure would mean nothing.
 */
export function timeOnce(label, program, args, options = {}) {
  if (HAVE_PYTHON) {
    const result = spawnSync("python3", [WAIT4, program, ...args], { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? ENV, cwd: options.cwd, encoding: "utf8" });
    const [wall, cpu, code] = result.stdout.trim().split(" ").map(Number);
    if ((code !== 0 || result.status !== 0) && !options.allowFailure) throw new Error(`${label} failed (exit ${code}): ${result.stderr}`);
    return { wall, cpu };
  }
  const dir = HAVE_TIME ? mkdtempSync(path.join(os.tmpdir(), "pm-cpu-")) : undefined;
  const out = dir && path.join(dir, "cpu");
  const [file, argv] = out ? [TIME, ["-f", "%U %S", "-o", out, program, ...args]] : [program, args];
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, argv, { stdio: ["ignore", "ignore", "pipe"], env: options.env ?? ENV, cwd: options.cwd });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && !options.allowFailure) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr}`);
    const cpu = out ? readFileSync(out, "utf8").trim().split("\n").pop().split(" ").reduce((sum, value) => sum + Number(value) * 1000, 0) : Number.NaN;
    return { wall, cpu };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every case once per round, rounds times, interleaved: on a shared machine a burst of load then slows every
 * case of that round alike instead of one case's whole series. Answers the medians per label, wall and CPU.
 */
export function interleaved(cases, rounds) {
  const times = new Map(cases.map((item) => [item.label, []]));
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse: a case run right after another is not always the same one (a run just after
    // `node -e 0` came out 1-2 ms faster here), so neither of two builds compared side by side keeps the better place.
    for (const item of round % 2 === 0 ? cases : [...cases].reverse()) {
      item.before?.();
      times.get(item.label).push(timeOnce(item.label, item.program, item.args, item));
    }
  }
  const medians = (key) => new Map([...times].map(([label, values]) => [label, median(values.map((value) => value[key]))]));
  return { wall: medians("wall"), cpu: medians("cpu"), runs: times };
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

/** A difference in ms with its sign spaced as in prose: `+ 12 ms`, `− 60 ms` (a sync that needed no hg is faster than one). */
export function signedMs(value) {
  return `${value < 0 ? "−" : "+"} ${Math.abs(value).toFixed(0)} ms`;
}
