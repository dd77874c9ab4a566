// Bundles the CLI so the installed tool starts without resolving hundreds of modules. The CLI is split: the entry
// holds the argument scan, each command and the heavy libraries (luaparse, yaml, the config editor) are chunks
// imported only by the run that needs them. The fixture builder stays one file.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pmCreateRequire } from 'node:module'; const require = __pmCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
};

await rm("dist/chunks", { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: { "prosody-manager": "src/cli/main.ts" }, outdir: "dist", splitting: true, chunkNames: "chunks/[name]-[hash]" }),
  build({ ...common, entryPoints: { fixture: "scripts/fixture/main.ts" }, outdir: "dist" }),
]);
