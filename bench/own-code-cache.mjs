// Imported first by bench/run.mjs and bench/compare.mjs: every prosody-manager run of the bench keeps its V8 code caches in a directory of
// the bench's own (XDG_CACHE_HOME), removed at the end. A command's cache holds the functions its first successful
// run ran; in the user's own cache directory that first run may have been anything (a test's search that matched
// nothing leaves later searches about a millisecond of compiling), while here it is the bench's own first run of
// the command it then times.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "pm-bench-code-cache-"));
process.env.XDG_CACHE_HOME = dir;
delete process.env.PROSODY_MANAGER_CACHE;
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
