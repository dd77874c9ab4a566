// Bundles the CLI into one file so the installed tool starts without resolving hundreds of modules.
import { build } from "esbuild";

await build({
  entryPoints: { "prosody-manager": "src/cli/main.ts", "fixture": "scripts/fixture/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pmCreateRequire } from 'node:module'; const require = __pmCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
