// `node bench/install.mjs`: the install row of bench/run.mjs alone, quicker to repeat. Installs 20 community modules
// (round-robin over distinct revisions) into an empty directory, beside one raw `hg archive` of the same directories,
// and counts the hg and flock processes one install starts (strace, when it is installed).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureDataset } from "./generate.mjs";
import { cli } from "./lib.mjs";
import { interleaved } from "./measure.mjs";
import { benchWorkspace, chooseCommunityModules } from "./workspace.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const COUNT = 20;

const data = ensureDataset();
const { dir, cache, modulesDir, pmArgs } = benchWorkspace(data, cli, "install");
const node = process.execPath;

try {
  execFileSync(node, pmArgs("module", "sync"), { stdio: ["ignore", "ignore", "pipe"] });
  const catalogue = JSON.parse(readFileSync(path.join(cache, "catalogue.json"), "utf8"));
  const chosen = chooseCommunityModules(catalogue.community.modules, COUNT);
  const archiveDest = path.join(dir, "archive");
  const install = pmArgs("module", "install", "--no-config", ...chosen);
  const archive = ["--config", "ui.archivemeta=false", "archive", "-R", path.join(cache, "community"), "-r", "tip", "-t", "files", ...chosen.flatMap((name) => ["-I", `path:${name}`]), archiveDest];
  const clean = () => rmSync(modulesDir, { recursive: true, force: true });
  const times = interleaved(
    [
      { label: "install", program: node, args: install, before: clean },
      { label: "hg archive", program: "hg", args: archive, before: () => rmSync(archiveDest, { recursive: true, force: true }) },
    ],
    ROUNDS,
  );
  const revisions = new Set(chosen.map((name) => catalogue.community.modules.find((module) => module.name === name).revision));
  const ratio = (key) => (times[key].get("install") / times[key].get("hg archive")).toFixed(2);
  const ms = (key, label) => `${times[key].get(label).toFixed(0)} ms`;
  console.log(`install of ${COUNT} community modules (${revisions.size} distinct revisions), medians of ${ROUNDS} rounds`);
  console.log(`  wall: ${ms("wall", "install")} vs hg archive ${ms("wall", "hg archive")}: ${ratio("wall")}×`);
  console.log(`  cpu:  ${ms("cpu", "install")} vs hg archive ${ms("cpu", "hg archive")}: ${ratio("cpu")}×`);
  if (existsSync("/usr/bin/strace")) {
    clean();
    const trace = path.join(dir, "trace");
    const result = spawnSync("strace", ["-f", "-qq", "-e", "trace=execve", "-o", trace, node, ...install], { stdio: ["ignore", "ignore", "pipe"] });
    if (result.status !== 0) throw new Error(`traced install failed: ${result.stderr}`);
    const execs = readFileSync(trace, "utf8").split("\n").filter((line) => /execve\("[^"]*", \[/.test(line) && !/= -1 /.test(line));
    const count = (tool) => execs.filter((line) => new RegExp(`execve\\("[^"]*/${tool}"`).test(line)).length;
    console.log(`  processes per install: hg ${count("hg")}, flock ${count("flock")}, sh ${count("sh")}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
