// `node bench/chunks.mjs [command-file …]`: what each command loads before it runs once the CLI is split (files,
// bytes, heavy libraries), from esbuild's metafile: the check that a read command does not pull in luaparse, yaml,
// commander's help or the config editor. Dynamic imports are not followed: they load only when a run takes them.
// `node bench/chunks.mjs --why luaparse src/cli/commands/module-search.ts`: the chain of static imports that brings it in.
import { build } from "esbuild";
import { readdirSync } from "node:fs";

const result = await build({
  bundle: true, platform: "node", format: "esm", target: "node20", write: false, logLevel: "error", metafile: true,
  entryPoints: { "prosody-manager": "src/cli/main.ts" }, outdir: "/tmp/pm-chunks", splitting: true, chunkNames: "chunks/[name]-[hash]",
});
const outputs = result.metafile.outputs;
const entryOf = (source) => Object.keys(outputs).find((file) => outputs[file].entryPoint === source);
const closure = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const item of outputs[file].imports) if (item.kind === "import-statement" && outputs[item.path]) closure(item.path, seen);
  return seen;
};
if (process.argv[2] === "--why") {
  const [, , , target, from] = process.argv;
  const inputs = result.metafile.inputs;
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const item of inputs[file]?.imports ?? []) {
      if (item.kind !== "import-statement" || previous.has(item.path)) continue;
      previous.set(item.path, file);
      queue.push(item.path);
    }
  }
  const found = [...previous.keys()].find((file) => file.includes(target));
  const chain = [];
  for (let at = found; at; at = previous.get(at)) chain.unshift(at);
  console.log(found ? chain.join("\n  -> ") : `${from} does not import ${target} statically`);
  process.exit(0);
}
const commands = process.argv.length > 2 ? process.argv.slice(2) : readdirSync("src/cli/commands").filter((name) => name !== "index.ts").map((name) => `src/cli/commands/${name}`);
const always = closure(entryOf("src/cli/main.ts"));
const program = entryOf("src/cli/program.ts");
for (const command of commands) {
  const files = new Set([...always, ...closure(entryOf(command)), ...(program ? closure(program) : [])]);
  let bytes = 0;
  const heavy = new Set();
  for (const file of files) {
    bytes += outputs[file].bytes;
    for (const input of Object.keys(outputs[file].inputs)) {
      if (input.includes("node_modules/")) heavy.add(input.split("node_modules/")[1].split("/")[0]);
      if (input.includes("src/prosody/config/")) heavy.add(`config/${input.split("/").pop()}`);
    }
  }
  console.log(`${command.replace("src/cli/commands/", "").padEnd(28)} ${String(files.size).padStart(3)} files ${String(bytes).padStart(8)} bytes  ${[...heavy].sort().join(", ")}`);
}
