// Time to enable a module in a 1 MB config (Debian's, with comment lines appended until it passes 1 MB), as --dry-run
// (plan + diff) and as a real edit (splice, backup, atomic write). prosodyctl is kept off PATH so its check, which
// takes its own time whatever the file's size, is not what is measured. Figures, never assertions: the target is < 1 s.
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { cli, median, root, sandbox } from "./lib.mjs";

const box = sandbox();
try {
  const debian = readFileSync(path.join(root, "test", "fixtures", "configs", "debian", "prosody.cfg.lua"), "utf8");
  const filler = [];
  for (let size = debian.length; size < 1024 * 1024; size += 99) filler.push(`-- ${"padding so the file passes one megabyte; a comment line Prosody skips ".repeat(2).slice(0, 95)}\n`);
  const big = path.join(box.dir, "big.cfg.lua");
  const original = debian + filler.join("");
  writeFileSync(big, original);
  mkdirSync(path.join(box.dir, "conf.d"), { recursive: true });
  const flags = box.flags.map((flag) => (flag.endsWith("absent.cfg.lua") ? big : flag));
  // A PATH with node alone: node often lives in /usr/bin beside prosodyctl.
  const bin = path.join(box.dir, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, path.join(bin, "node"));
  const env = { PATH: bin };
  const args = [cli, ...flags, "module", "enable", "mam"];
  console.log(`config: ${(statSync(big).size / 1024 / 1024).toFixed(2)} MB, ${original.split("\n").length} lines`);
  // The same command on the 11 kB original: what start-up costs, so the difference is what the size costs.
  const small = path.join(box.dir, "small.cfg.lua");
  writeFileSync(small, debian);
  median("module enable mam --dry-run (Debian's 11 kB config)", process.execPath, [cli, ...flags.map((flag) => (flag === big ? small : flag)), "module", "enable", "mam", "--dry-run"], { env });
  median("module enable mam --dry-run (1 MB config)", process.execPath, [...args, "--dry-run"], { env });
  median("module enable mam (1 MB config, no check)", process.execPath, args, { env, before: () => writeFileSync(big, original) });
  // Wall time on a busy machine says little; the CPU the process used is what the file's size costs.
  for (const [label, file] of [["11 kB", small], ["1 MB", big]]) {
    writeFileSync(big, original);
    const timed = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, cli, ...flags.map((flag) => (flag === big ? file : flag)), "module", "enable", "mam", "--dry-run"], { env: { ...env, NO_COLOR: "1" }, encoding: "utf8" });
    const [user, sys] = (timed.stderr.trim().split("\n").pop() ?? "0 0").split(" ").map(Number);
    console.log(`${`module enable mam --dry-run (${label}), CPU`.padEnd(48)} user ${((user ?? 0) * 1000).toFixed(0).padStart(5)} ms  sys ${((sys ?? 0) * 1000).toFixed(0)} ms`);
  }
} finally {
  box.cleanup();
}
