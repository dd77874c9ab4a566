// Time to enable a module in a 1 MB config (Debian's, with comment lines appended until it passes 1 MB), as --dry-run
// (plan + diff) and as a real edit (splice, backup, atomic write). prosodyctl is kept off PATH so its check, which
// takes its own time whatever the file's size, is not what is measured. Figures, never assertions: the target is < 1 s.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
  const env = { PATH: path.dirname(process.execPath) };
  const args = [cli, ...flags, "module", "enable", "mam"];
  console.log(`config: ${(statSync(big).size / 1024 / 1024).toFixed(2)} MB, ${original.split("\n").length} lines`);
  // The same command on the 11 kB original: what start-up costs, so the difference is what the size costs.
  const small = path.join(box.dir, "small.cfg.lua");
  writeFileSync(small, debian);
  median("module enable mam --dry-run (Debian's 11 kB config)", process.execPath, [cli, ...flags.map((flag) => (flag === big ? small : flag)), "module", "enable", "mam", "--dry-run"], { env });
  median("module enable mam --dry-run (1 MB config)", process.execPath, [...args, "--dry-run"], { env });
  median("module enable mam (1 MB config, no check)", process.execPath, args, { env, before: () => writeFileSync(big, original) });
} finally {
  box.cleanup();
}
