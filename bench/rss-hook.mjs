// Preloaded with `node --import` by the bench: records this process's own peak RSS (KiB) when it exits, without
// counting the hg or LuaRocks children that GNU time's figure would include.
import { writeFileSync } from "node:fs";

const out = process.env.PM_BENCH_RSS_FILE;
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
