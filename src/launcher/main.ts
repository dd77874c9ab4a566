// The installed command (dist/prosody-manager.js): a few lines of CommonJS that load the bundled CLI
// (dist/lib/prosody-manager.cjs) with V8's code cache and run it. CommonJS, because Node's ES module loader alone costs
// a run about 10 ms before any of our code. `--version` is answered here without the bundle: scripts probe the tool
// with it. The build requires this file to write the shipped cache.
import path from "node:path";
import { processStdout } from "../cli/fd-output.js";
import { routeArguments } from "../cli/route.js";
import { versionLine } from "../version.js";
import { cacheFileName, compilingEagerly, loadBundle, loadWithCodeCache, userCacheDir, writeCacheQuietly } from "./code-cache.js";

/** The bundle's content hash, set by scripts/build.mjs. */
declare const __PM_BUNDLE_HASH__: string;
/** The bundle's command paths (its commandPaths export), set by scripts/build.mjs: each command has its own cache. */
declare const __PM_COMMAND_PATHS__: readonly (readonly string[])[];

const libDir = path.join(__dirname, "lib");
const bundle = path.join(libDir, "prosody-manager.cjs");

interface BundledCli {
  main(): void;
}

/**
 * For the build: the cache for the Node running it, beside the bundle, with every function compiled (a run then
 * compiles nothing: 3–6 ms less for a read command). Readable by every account that may run the tool. Answers the
 * file written.
 */
export async function writeShippedCodeCache(): Promise<string> {
  const file = path.join(libDir, cacheFileName(__PM_BUNDLE_HASH__));
  const loaded = await compilingEagerly(() => loadBundle(bundle, undefined, require));
  if (!writeCacheQuietly(file, loaded.createCache(), 0o644)) throw new Error(`could not write ${file}`);
  return file;
}

if (require.main === module) run();

function run(): void {
  // The same routing as the bundle's, so that a command's cache is the one for the command the bundle runs.
  const route = routeArguments(process.argv.slice(2), __PM_COMMAND_PATHS__);
  if (route.kind === "version") {
    processStdout().write(`${versionLine()}\n`);
    return;
  }
  const command = route.kind === "command" ? __PM_COMMAND_PATHS__[route.index]?.join("-") : undefined;
  let cli: BundledCli;
  try {
    const { loaded, saveCache } = loadWithCodeCache({ bundle, bundleHash: __PM_BUNDLE_HASH__, shippedDir: libDir, userDir: userCacheDir(process.env), command, hostRequire: require });
    // Only a run that succeeded leaves a cache: it ran the command's usual path, and a refused or mistyped command
    // changes nothing on disk.
    if (saveCache) process.once("exit", (code) => code === 0 && saveCache());
    cli = loaded.exports as BundledCli;
  } catch (error) {
    // A broken installation (lib/ missing or unreadable) is the admin's to fix: one line, no stack.
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    process.stderr.write(`prosody-manager: cannot load ${bundle}: ${reason}\nhint: install the whole build directory again (scripts/install.sh)\n`);
    process.exitCode = 1;
    return;
  }
  cli.main();
}
