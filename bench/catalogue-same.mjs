// `node bench/catalogue-same.mjs A B`: whether two catalogue.json (or catalogue-search.jsonl) files say the same
// thing, the build and fetch times aside. A speed-up of the sync must leave the catalogue byte for byte otherwise.
import { readFileSync } from "node:fs";

const [a, b] = process.argv.slice(2);
const normalised = (file) => readFileSync(file, "utf8").replace(/"(builtAt|fetchedAt)":"[^"]*"/g, '"$1":""');
const [left, right] = [normalised(a), normalised(b)];
if (left === right) {
  console.log(`same: ${a} ${b} (${left.length} bytes)`);
} else {
  let at = 0;
  while (left[at] === right[at]) at++;
  console.log(`DIFFERENT at ${at}:\n  ${left.slice(Math.max(0, at - 200), at + 200)}\n  ${right.slice(Math.max(0, at - 200), at + 200)}`);
  process.exitCode = 1;
}
