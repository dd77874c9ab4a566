// `node bench/chunks.mjs src/cli/commands/X.ts …`: what each command statically loads once split (files, bytes, heavy
// libraries), from esbuild's metafile: the check that a read command does not pull in luaparse, yaml or the config editor.
import { build } from "esbuild";
const r = await build({ bundle: true, platform: "node", format: "esm", target: "node20", entryPoints: { "prosody-manager": "src/cli/main.ts" }, outdir: "/tmp/pm-chunks", splitting: true, chunkNames: "chunks/[name]-[hash]", metafile: true, write: true, logLevel: "error" });
const outs = r.metafile.outputs;
const find = (src) => Object.entries(outs).find(([k, v]) => v.entryPoint === src)?.[0];
const closure = (file, seen = new Set()) => { if (seen.has(file)) return seen; seen.add(file); for (const i of outs[file].imports) if (i.kind === "import-statement" && outs[i.path]) closure(i.path, seen); return seen; };
for (const cmd of process.argv.slice(2)) {
  const entry = find(cmd);
  const files = closure(entry);
  let bytes = 0; const heavy = new Set();
  for (const f of files) { bytes += outs[f].bytes; for (const input of Object.keys(outs[f].inputs)) { if (input.includes("node_modules/")) heavy.add(input.split("node_modules/")[1].split("/")[0]); if (/prosody\/config\//.test(input)) heavy.add("config-editor"); } }
  console.log(cmd.padEnd(45), String(files.size).padStart(3), "files", String(bytes).padStart(8), "bytes", [...heavy].join(","));
}
