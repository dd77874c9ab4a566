// Median of 5 runs of `module search muc` and `module sync` on the fixture (first sync = clone, later = pull).
import { rmSync } from "node:fs";
import path from "node:path";
import { cli, median, pm, sandbox } from "./lib.mjs";

const box = sandbox();
try {
  pm(box, "module", "sync");
  median("module search muc", process.execPath, [cli, ...box.flags, "module", "search", "muc"]);
  median("module sync (pull, nothing new)", process.execPath, [cli, ...box.flags, "module", "sync"]);
  median("module sync (first: clone + index)", process.execPath, [cli, ...box.flags, "module", "sync"], {
    before: () => rmSync(path.join(box.dir, "cache"), { recursive: true, force: true }),
  });
} finally {
  box.cleanup();
}
