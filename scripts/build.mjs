// Bundles the CLI into one self-contained file (the installed tool, the Ansible role and `cp` to /usr/local/bin all
// rely on that), so it starts without resolving hundreds of modules. Dynamic imports stay inside the one file.
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
  build({ ...common, entryPoints: { "prosody-manager": "src/cli/main.ts" }, outdir: "dist" }),
  build({ ...common, entryPoints: { fixture: "scripts/fixture/main.ts" }, outdir: "dist" }),
]);
