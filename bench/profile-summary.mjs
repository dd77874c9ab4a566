// `node bench/profile-summary.mjs FILE.cpuprofile [N]`: the N functions with the most self time, and the time per
// bundled source file (from the function's url and line), to read a `node --cpu-prof` profile without a browser.
import { readFileSync } from "node:fs";

const [file, top = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (deltas[index] ?? 0)));
const perFunction = new Map();
for (const [id, micros] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
  perFunction.set(key, (perFunction.get(key) ?? 0) + micros);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [key, micros] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}
