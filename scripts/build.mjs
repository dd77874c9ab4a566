// Builds the CLI so that a run starts at about the cost of Node itself:
// - dist/lib/prosody-manager.cjs: the whole CLI in one minified CommonJS bundle. Commands and the libraries only some
//   of them need (commander, luaparse, yaml, the config editor) stay lazy inside it (esbuild wraps what src/ imports
//   with import() in functions run on first use), and one file means one read: no module loader per chunk.
// - dist/lib/prosody-manager-read.cjs: the same for the read commands only (search, list, info, outdated, rocks list
//   and outdated) and the sync: the launcher runs those from it, with less to read and to deserialize.
// - dist/lib/vendor/*.cjs: the libraries (commander, luaparse, yaml, diff, fflate, fzstd), one file each, required by the
//   bundle where it uses them: two fifths of the code that no read command runs, and so no run reads.
// - dist/prosody-manager.js: the command, a small CommonJS launcher (src/launcher/main.ts) that runs the bundle with
//   V8's code cache: each command's own in the user's cache directory, made by its first run, else the one this build
//   writes beside the bundle for the Node running it.
// - dist/prosody-manager.tar.gz: all of these, for scripts/install.sh and the Ansible role.
// Source maps stay in dist/ for debugging: `node --enable-source-maps dist/lib/prosody-manager.cjs ARGS` runs the bundle
// directly, with stack traces in src/ (through the launcher, Node does not map them). The fixture builder is one more
// file.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // import() of a Node built-in (src/system/lazy-builtins.ts) becomes a require() in a promise: the launcher runs the
  // bundle as a script, where a real import() has no loader to call.
  supported: { "dynamic-import": false },
};

const VENDORED = ["commander", "diff", "fflate", "fzstd", "luaparse", "yaml"];
/** The bundle requires each library from its own file beside it, resolved from the bundle's directory at run time. */
const vendorFiles = {
  name: "vendor-files",
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${VENDORED.join("|")})$`) }, (args) => ({ path: `./vendor/${args.path}.cjs`, external: true }));
  },
};

/**
 * src/ imports node:path by its default export in sixty modules; esbuild gives each of them its own interop copy of
 * the module (__toESM, seventeen properties copied each time a module starts). One ES module that requires it once
 * serves them all.
 */
const nodePathOnce = {
  name: "node-path-once",
  setup(build) {
    build.onResolve({ filter: /^node:path$/ }, (args) => (args.namespace === "file" ? { path: "node:path", namespace: "node-path-once" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "node-path-once" }, () => ({ contents: 'const path = require("node:path");\nexport default path;\n', loader: "js" }));
  },
};

/** src/system/builtin-require.ts makes a require with node:module; a CommonJS bundle has Node's own (see there). */
const builtinRequire = {
  name: "builtin-require",
  setup(build) {
    build.onResolve({ filter: /\/builtin-require\.js$/ }, () => ({ path: "builtin-require", namespace: "builtin-require" }));
    build.onLoad({ filter: /.*/, namespace: "builtin-require" }, () => ({ contents: "export const requireBuiltin = (id) => require(id);\n", loader: "js" }));
  },
};

// `node scripts/build.mjs --out DIR` builds elsewhere (a bench or a profile while the tests use dist/).
const outAt = process.argv.indexOf("--out");
const out = outAt === -1 ? "dist" : process.argv[outAt + 1];
// `--no-minify` keeps the function names, for a profile (bench/profile-summary.mjs).
const minify = !process.argv.includes("--no-minify");
await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, "lib"), { recursive: true });
await Promise.all([
  build({ ...common, minify, plugins: [vendorFiles, nodePathOnce, builtinRequire], entryPoints: ["src/cli/main.ts"], outfile: path.join(out, "lib", "prosody-manager.cjs") }),
  build({ ...common, minify, plugins: [vendorFiles, nodePathOnce, builtinRequire], entryPoints: ["src/cli/main-read.ts"], outfile: path.join(out, "lib", "prosody-manager-read.cjs") }),
  ...VENDORED.map((name) =>
    build({ ...common, minify, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: "." }, outfile: path.join(out, "lib", "vendor", `${name}.cjs`) }),
  ),
  build({ ...common, banner: { js: "#!/usr/bin/env node" }, entryPoints: ["scripts/fixture/main.ts"], outfile: path.join(out, "fixture.js") }),
  // dist/ may be copied out of this package: its files say by themselves that they are CommonJS.
  writeFile(path.join(out, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`),
]);
const bundlePath = path.resolve(out, "lib", "prosody-manager.cjs");
const readBundlePath = path.resolve(out, "lib", "prosody-manager-read.cjs");
// Unminified, the bundle keeps src/'s comments, and with them their dashes: only the shipped build must be ASCII.
if (minify) for (const file of [bundlePath, readBundlePath]) await assertAscii(file);
// One hash for both bundles: it names this build's code caches, and a cache is for one bundle's exact source.
const hash = createHash("sha256");
for (const file of [bundlePath, readBundlePath]) hash.update(await readFile(file));
const bundleHash = hash.digest("hex").slice(0, 16);
// The launcher routes the arguments as the bundle does, to pick the bundle and the command's own code cache.
const { commandPaths, readCommandKeys } = createRequire(import.meta.url)(bundlePath);
const entry = path.join(out, "prosody-manager.js");
await build({
  ...common,
  minify: true,
  banner: { js: "#!/usr/bin/env node" },
  entryPoints: ["src/launcher/main.ts"],
  plugins: [builtinRequire],
  outfile: entry,
  define: { __PM_BUNDLE_HASH__: JSON.stringify(bundleHash), __PM_COMMAND_PATHS__: JSON.stringify(commandPaths), __PM_READ_COMMANDS__: JSON.stringify(readCommandKeys) },
});
await assertAscii(entry);
await chmod(entry, 0o755);
const caches = await createRequire(import.meta.url)(path.resolve(entry)).writeShippedCodeCache();
execFileSync(
  "tar",
  [
    "-czf",
    "prosody-manager.tar.gz",
    "--owner=0",
    "--group=0",
    "--mtime=@0",
    "--sort=name",
    "prosody-manager.js",
    "package.json",
    "lib/prosody-manager.cjs",
    "lib/prosody-manager-read.cjs",
    ...caches.map((cache) => path.relative(out, cache)),
    ...VENDORED.map((name) => `lib/vendor/${name}.cjs`),
  ],
  { cwd: out },
);

/**
 * esbuild escapes what is not ASCII in strings, but not in regular expressions or String.raw. One such character
 * makes V8 hold the whole source as two-byte text: each run reads and compiles it 1 ms slower.
 */
async function assertAscii(file) {
  const text = await readFile(file, "latin1");
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1) throw new Error(`${file} is not ASCII at ${at} (${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}): write the character as a \\u escape in src/`);
}
