// Bundles the CLI so the installed tool starts without resolving hundreds of modules. The CLI is split: the entry
// holds the argument routing (src/cli/route.ts) and `--version`; each command and the libraries it needs (commander,
// luaparse, yaml, the config editor) are chunks that only the runs needing them load (src/cli/commands/index.ts).
// Minified, there is half the text for V8 to read at each start; the source maps stay in dist/ for debugging
// (node --enable-source-maps). The CLI is therefore a directory, installed whole: scripts/install.sh, or the
// archive dist/prosody-manager.tar.gz that the Ansible role unpacks. The fixture builder stays one file.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
};
// Bundled CommonJS (commander, luaparse) calls require() for Node's built-ins: the CLI's entry makes one for the
// process (src/cli/require-shim.ts); the fixture builder, one file, gets it as a banner.
const requireShim = "import { createRequire as __pmCreateRequire } from 'node:module'; const require = __pmCreateRequire(import.meta.url);";

// `node scripts/build.mjs --out DIR` builds elsewhere (a bench or a profile while the tests use dist/).
const outAt = process.argv.indexOf("--out");
const out = outAt === -1 ? "dist" : process.argv[outAt + 1];
await rm(out, { recursive: true, force: true });
await mkdir(out);
await Promise.all([
  build({
    ...common,
    entryPoints: { "prosody-manager": "src/cli/main.ts" },
    outdir: out,
    splitting: true,
    minify: true,
    chunkNames: "chunks/[name]-[hash]",
    // .mjs says "ES module" by itself: Node looks for no package.json to learn each chunk's format.
    outExtension: { ".js": ".mjs" },
  }),
  build({ ...common, banner: { js: `#!/usr/bin/env node\n${requireShim}` }, entryPoints: { fixture: "scripts/fixture/main.ts" }, outdir: out }),
  // A copy of the CLI outside this package is still ES modules: without it Node would first try each file as CommonJS.
  writeFile(`${out}/package.json`, `${JSON.stringify({ type: "module" })}\n`),
]);
// The entry keeps the name every install and script uses (package.json's "type" says what it is), with a shebang.
const entry = `${out}/prosody-manager.js`;
const entryText = (await readFile(`${out}/prosody-manager.mjs`, "utf8")).replace("//# sourceMappingURL=prosody-manager.mjs.map", "//# sourceMappingURL=prosody-manager.js.map");
await writeFile(entry, `#!/usr/bin/env node\n${entryText}`);
await chmod(entry, 0o755);
await rename(`${out}/prosody-manager.mjs.map`, `${entry}.map`);
await rm(`${out}/prosody-manager.mjs`);
const chunks = readdirSync(`${out}/chunks`).filter((file) => file.endsWith(".mjs")).map((file) => `chunks/${file}`);
execFileSync("tar", ["-czf", "prosody-manager.tar.gz", "--owner=0", "--group=0", "--mtime=@0", "--sort=name", "prosody-manager.js", "package.json", ...chunks], { cwd: out });
