// `node bench/instructions.mjs [OLD_CLI] [NEW_CLI]`: the read commands' instructions (valgrind's callgrind count of
// every instruction the process ran), beside `node -e 0`'s. The count hardly moves with the machine's other load: the
// fewest of three runs varies by a few million (about 1%), so it shows a change of a millisecond that the timed runs,
// whose median moves by 5 ms from run to run here, cannot. It counts no time the kernel spends for the process (page
// faults, reads) and no cache miss: the timed bench stays the figure of record. Slow: about 10 minutes for two builds.
// (--smc-check: V8 writes the machine code it runs, which valgrind must be told to look for.)
// V8 rejects under valgrind a code cache made outside it (and the other way round), so each command runs twice and the
// second count is taken: the first made the cache valgrind's Node accepts, as a user's first run does.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { ensureDataset } from "./generate.mjs";
import { cli as built } from "./lib.mjs";
import { preparedWorkspace } from "./workspace.mjs";

const [first, second] = process.argv.slice(2);
const builds = second ? { old: first, new: second } : first ? { old: first, new: built } : { new: built };
if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("bench/instructions.mjs needs valgrind (apt-get install valgrind)");
  process.exit(2);
}

/** Instructions of one whole run, in millions; throws when the command fails. */
function instructions(args) {
  const run = spawnSync("valgrind", ["--tool=callgrind", "--smc-check=all-non-file", "--callgrind-out-file=/dev/null", process.execPath, ...args], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const refs = /refs:\s+([\d,]+)/.exec(run.stderr)?.[1];
  if (run.status !== 0 || !refs) throw new Error(`${args.join(" ")} failed under valgrind: ${run.stderr.slice(-500)}`);
  return Number(refs.replaceAll(",", "")) / 1e6;
}

/** Runs counted after the first: the fewest instructions is taken, since what varies is work added (a GC a timer set off). */
const RUNS = Number(process.env.BENCH_INSTRUCTION_RUNS ?? 3);
const data = ensureDataset();
const sides = Object.fromEntries(Object.entries(builds).map(([side, cli]) => [side, preparedWorkspace(data, cli, `instructions-${side}`)]));
try {
  const info = sides.new.info;
  const reads = [["module", "search", "muc"], ["module", "info", info], ["module", "list"], ["module", "rocks", "list"], ["module", "outdated"], ["--version"]];
  const floor = Math.min(...Array.from({ length: RUNS }, () => instructions(["-e", "0"])));
  console.log(`\ninstructions in millions (valgrind --tool=callgrind), fewest of ${RUNS} runs after a first; \`node -e 0\` ${floor.toFixed(1)} M\n`);
  const sideNames = Object.keys(sides);
  console.log(`| command | ${sideNames.map((side) => `${side}: above \`node -e 0\` (ratio)`).join(" | ")} |\n|---|${sideNames.map(() => "---").join("|")}|`);
  for (const args of reads) {
    const cells = sideNames.map((side) => {
      const argv = sides[side].workspace.pmArgs(...args);
      instructions(argv);
      const count = Math.min(...Array.from({ length: RUNS }, () => instructions(argv)));
      return `${(count - floor).toFixed(1)} M (${(count / floor).toFixed(3)}×)`;
    });
    console.log(`| \`${args.join(" ")}\` | ${cells.join(" | ")} |`);
  }
} finally {
  for (const { workspace } of Object.values(sides)) rmSync(workspace.dir, { recursive: true, force: true });
}
