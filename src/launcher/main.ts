// The installed command (dist/prosody-manager.js): a few lines of CommonJS that load the bundled CLI
// (dist/lib/prosody-manager.cjs, or dist/lib/prosody-manager-read.cjs for the read commands) with V8's code cache and
// run it. CommonJS, because Node's ES module loader alone costs a run about 10 ms before any of our code. `--version` is answered here without the bundle: scripts probe the tool
// with it. The build requires this file to write the shipped cache.
import path from "node:path";
import { processStdout } from "../cli/fd-output.js";
import { routeArguments } from "../cli/route.js";
import { beginPhases, phase } from "../core/phase-trace.js";
import { versionLine } from "../version.js";
import { cacheFileName, compilingEagerly, loadBundle, loadWithCodeCache, userCacheDir, writeCacheQuietly } from "./code-cache.js";

/** The build's content hash (both bundles), set by scripts/build.mjs. */
declare const __PM_BUNDLE_HASH__: string;
/** The full bundle's command paths (its commandPaths export), set by scripts/build.mjs: each command has its own cache. */
declare const __PM_COMMAND_PATHS__: readonly (readonly string[])[];
/** The commands the read bundle runs (the full bundle's readCommandKeys export), set by scripts/build.mjs. */
declare const __PM_READ_COMMANDS__: readonly string[];

const libDir = path.join(__dirname, "lib");

interface Bundle {
  file: string;
  /** For its shipped cache's name: none for the full bundle. */
  key?: string;
}

/** Every command. */
const FULL: Bundle = { file: path.join(libDir, "prosody-manager.cjs") };
/** The read commands and the sync only (src/cli/main-read.ts): less code to read, deserialize and set up for the runs that are most. */
const READ: Bundle = { file: path.join(libDir, "prosody-manager-read.cjs"), key: "bundle-read" };

interface BundledCli {
  main(): void;
}

// bench/warm-runner.cjs loads the read bundle as a run does.
export { loadBundle };

/**
 * For the build: each bundle's cache for the Node running it, beside the bundles, with every function compiled (a run
 * then compiles nothing: 3–6 ms less for a read command). Readable by every account that may run the tool. Answers
 * the files written.
 */
export async function writeShippedCodeCache(): Promise<string[]> {
  const written: string[] = [];
  for (const bundle of [FULL, READ]) {
    const file = path.join(libDir, cacheFileName(__PM_BUNDLE_HASH__, bundle.key));
    const loaded = await compilingEagerly(() => loadBundle(bundle.file, undefined, require));
    if (!writeCacheQuietly(file, loaded.createCache(), 0o644)) throw new Error(`could not write ${file}`);
    written.push(file);
  }
  return written;
}

if (require.main === module) run();

function run(): void {
  // Only begun here, so that the bundle's load is a phase; the bundle prints it (a --version run has none).
  beginPhases(process.env);
  // The same routing as the bundle's, so that a command's cache is the one for the command the bundle runs.
  const route = routeArguments(process.argv.slice(2), __PM_COMMAND_PATHS__);
  if (route.kind === "version") {
    processStdout().write(`${versionLine()}\n`);
    return;
  }
  const command = route.kind === "command" ? __PM_COMMAND_PATHS__[route.index]?.join("-") : undefined;
  const bundle = command !== undefined && __PM_READ_COMMANDS__.includes(command) ? READ : FULL;
  let cli: BundledCli;
  try {
    const { loaded, saveCache } = loadWithCodeCache({
      bundle: bundle.file,
      bundleHash: __PM_BUNDLE_HASH__,
      bundleKey: bundle.key,
      shippedDir: libDir,
      userDir: userCacheDir(process.env),
      command,
      hostRequire: require,
    });
    // Only a run that succeeded leaves a cache: it ran the command's usual path, and a refused or mistyped command
    // changes nothing on disk.
    if (saveCache) process.once("exit", (code) => code === 0 && saveCache());
    cli = loaded.exports as BundledCli;
    phase("bundle loaded");
  } catch (error) {
    // A broken installation (lib/ missing or unreadable) is the admin's to fix: one line, no stack.
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    process.stderr.write(`prosody-manager: cannot load ${bundle.file}: ${reason}\nhint: install the whole build directory again (scripts/install.sh)\n`);
    process.exitCode = 1;
    return;
  }
  cli.main();
}
