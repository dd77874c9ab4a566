// Paths the bench scripts share.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const cli = path.join(root, "dist", "prosody-manager.js");
export const fixture = path.join(root, "fixtures", "build");

export function sandbox() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pm-bench-"));
  return {
    dir,
    flags: [
      "--cache-dir", path.join(dir, "cache"),
      "--community-url", path.join(fixture, "community"),
      "--community-dir", path.join(dir, "modules"),
      "--rocks-server", path.join(fixture, "rocks"),
      "--installer-path", path.join(dir, "tree"),
      "--config", path.join(dir, "absent.cfg.lua"),
    ],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Median of `runs` timings of `program args`, after `before()` each time; fails loudly if the command fails. */
export function median(label, program, args, { runs = 5, before = () => {}, env = process.env } = {}) {
  const times = [];
  for (let index = 0; index < runs; index++) {
    before();
    const start = process.hrtime.bigint();
    const result = spawnSync(program, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...env, NO_COLOR: "1" } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  const mid = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(48)} median ${mid.toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}, n=${runs})`);
  return mid;
}

/** Rows of cells (the first the header) as a Markdown table, columns padded to their widest cell. */
export function markdownTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) => `| ${row.map((value, column) => String(value).padEnd(widths[column])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
