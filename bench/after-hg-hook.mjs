// Preloaded with `node --import` by the first-sync bench: records, when the process exits, how long it ran after its
// last hg process ended (ms). A first sync's wall time is mostly hg's clone, whose time on a shared disk swings by
// seconds from one run to the next; this is the part an admin waits for prosody-manager alone.
import childProcess from "node:child_process";
import { writeFileSync } from "node:fs";

const out = process.env.PM_BENCH_AFTER_HG_FILE;
if (out) {
  let lastHgExit = performance.now();
  const spawn = childProcess.spawn;
  childProcess.spawn = function patched(command, ...rest) {
    const child = spawn.call(this, command, ...rest);
    if (command === "hg") child.on("exit", () => (lastHgExit = performance.now()));
    return child;
  };
  process.on("exit", () => writeFileSync(out, String(performance.now() - lastHgExit)));
}
