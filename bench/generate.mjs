// Builds the large bench data set once and caches it under bench/.data (git-ignored): the fixture's community
// repository plus GENERATED_MODULES generated modules with READMEs and history, and a rocks server whose manifest
// lists the fixture's rocks (real, installable) and a rock for every generated module (manifest entries only:
// search, list and outdated read the manifest, nothing fetches those rocks).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fixture, root } from "./lib.mjs";

export const GENERATED_MODULES = 2000;
/** Bump when the generated data changes shape, so a stale cache is rebuilt. */
const VERSION = 4;
const HISTORY_COMMITS = 12;
/** Small changesets after those: prosody-modules has about 5 800, most touching one or two files of one module. */
const SMALL_CHANGESETS = 5800;

export const dataDir = path.join(root, "bench", ".data");
/**
 * The size at which the issue set the first sync's goal (index ≤ 0.5 s): 448 modules, the fixture's and generated
 * ones, with the same upstream-like history of 5 800 small changesets.
 */
export const GOAL_MODULES = 448;
const goalDataDir = path.join(root, "bench", ".data-448");

export function dataset(dir = dataDir) {
  return {
    community: path.join(dir, "community"),
    rocks: path.join(dir, "rocks"),
    modules: JSON.parse(readFileSync(path.join(dir, "modules.json"), "utf8")),
  };
}

const WORDS = [
  "muc", "http", "push", "auth", "sasl", "roster", "vcard", "pubsub", "pep", "mam", "carbons", "csi", "smacks",
  "upload", "register", "invite", "block", "spam", "firewall", "admin", "web", "log", "stats", "omemo", "bookmarks",
  "presence", "offline", "archive", "s2s", "c2s", "component", "bosh", "websocket", "turn", "external", "ldap",
];
const STAGES = ["Stage-Alpha", "Stage-Beta", "Stage-Stable", "Stage-Beta", "Stage-Stable", "stage-alpha", "Stage-Deprecated"];
const TYPES = ["Type-Auth", "Type-Storage", "Type-Web", "Type-Admin"];
const BUILTINS = ["http", "muc", "pep", "disco", "adhoc", "csi", "mam", "carbons", "smacks", "storage_internal"];
const LIBS = ["lfs", "luaossl", "util.jid", "util.stanza", "net.http", "cjson", "util.dataforms"];

/** Deterministic pseudo-random numbers: the same data set on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function moduleName(index, rand) {
  return `mod_${pick(rand, WORDS)}_${pick(rand, WORDS)}_g${index}`;
}

function readme(name, index, rand, edit) {
  const labels = [pick(rand, STAGES), ...(rand() < 0.4 ? [pick(rand, TYPES)] : [])];
  const quoted = rand() < 0.5;
  const deps = rand() < 0.1 ? ["mod_sasl2"] : [];
  const lines = [
    "---",
    "labels:",
    ...labels.map((label) => (quoted ? `- '${label}'` : `- ${label}`)),
    `summary: ${quoted ? "'" : ""}${pick(rand, WORDS)} support for ${pick(rand, WORDS)} (generated module ${index})${quoted ? "'" : ""}`,
    ...(deps.length > 0 ? ["rockspec:", "  dependencies:", ...deps.map((dep) => `  - ${dep}`)] : []),
    "---",
    "",
    "Introduction",
    "============",
    "",
    `This module adds ${pick(rand, WORDS)} handling to Prosody, so that ${pick(rand, WORDS)} clients can talk to`,
    `${pick(rand, WORDS)} services without extra set-up. Revision note ${edit}.`,
    "",
    "Configuration",
    "=============",
    "",
    "  Option                 Default    Description",
    "  ---------------------- ---------- -----------------------------------------------",
    ...Array.from({ length: 3 + Math.floor(rand() * 6) }, (_, row) => `  \`${name.slice(4)}_option_${row}\`   \`${row * 10}\`       What option ${row} of ${name} changes, in a few words of prose.`),
    "",
    "Details",
    "=======",
    "",
    ...Array.from({ length: 4 + Math.floor(rand() * 12) }, () => `Some prose about ${pick(rand, WORDS)} and ${pick(rand, WORDS)}, as real READMEs have, wrapped at about eighty columns.`),
    "",
    "Compatibility",
    "=============",
    "",
    "  ------- -------------",
    "  trunk   Works",
    `  0.12    ${rand() < 0.9 ? "Works" : "Does not work"}`,
    "  0.11    Works",
    "  ------- -------------",
    "",
  ];
  return `${lines.join("\n")}\n`;
}

function luaSource(name, rand, edit) {
  const depends = Array.from({ length: Math.floor(rand() * 3) }, () => pick(rand, BUILTINS));
  const requires = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, LIBS));
  const lines = [
    "-- Generated for the prosody-manager bench",
    `--% requires: ${pick(rand, ["s2s", "http", "roles"])}`,
    ...requires.map((lib) => `local ${lib.replace(/\W/g, "_")} = require "${lib}";`),
    ...depends.map((dep) => `module:depends("${dep}");`),
    `local threshold = module:get_option_number("${name.slice(4)}_threshold", ${edit});`,
    ...Array.from({ length: 20 + Math.floor(rand() * 60) }, (_, line) =>
      `local function handler_${line}(event) local stanza = event.stanza; if #tostring(stanza) > threshold then return true; end end\nmodule:hook("message/bare", handler_${line}, ${line});`),
  ];
  return `${lines.join("\n")}\n`;
}

function writeModule(repo, name, index, edit) {
  const rand = random(index * 7919 + edit);
  const dir = path.join(repo, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "README.markdown"), readme(name, index, rand, edit));
  writeFileSync(path.join(dir, `${name}.lua`), luaSource(name, rand, edit));
  if (index % 9 === 0) writeFileSync(path.join(dir, "util.lib.lua"), `return { edit = ${edit} };\n`);
}

/** The modules a small changeset may touch: each with the files that exist in it, weighted as upstream's activity
 * is (a few modules change all the time, most rarely: Zipf-like by a shuffled rank). */
function editableModules(repo, rand) {
  const modules = [];
  for (const name of readdirSync(repo).filter((entry) => entry.startsWith("mod_")).sort()) {
    const files = [`${name}.lua`, "README.md", "README.markdown"].filter((file) => existsSync(path.join(repo, name, file)));
    if (files.length > 0) modules.push({ name, files });
  }
  for (let at = modules.length - 1; at > 0; at--) {
    const other = Math.floor(rand() * (at + 1));
    [modules[at], modules[other]] = [modules[other], modules[at]];
  }
  let total = 0;
  const cumulative = modules.map((_, rank) => (total += 1 / (rank + 1) ** 0.8));
  return { modules, pick: () => modules[Math.min(modules.length - 1, cumulative.findIndex((edge) => edge >= rand() * total))] };
}

/** The plan of the long history for bench/hg-history-ext.py, and the changesets it adds per module. */
function smallChangesets(repo, rand) {
  const { modules, pick: pickModule } = editableModules(repo, rand);
  const added = new Map();
  const steps = [];
  for (let number = 0; number < SMALL_CHANGESETS; number++) {
    const roll = rand();
    // Mostly one module; some changesets touch a few; a rare sweep ("all: ...") touches dozens of READMEs.
    const count = roll < 0.9 ? 1 : roll < 0.99 ? 2 + Math.floor(rand() * 3) : 20 + Math.floor(rand() * 100);
    const touched = new Map();
    while (touched.size < Math.min(count, modules.length)) {
      const module = count > 5 ? modules[Math.floor(rand() * modules.length)] : pickModule();
      touched.set(module.name, module);
    }
    const edits = [];
    for (const module of touched.values()) {
      const files = count > 5 ? module.files.filter((file) => file.startsWith("README")) : module.files.filter(() => rand() < 0.6);
      for (const file of files.length > 0 ? files : [module.files[0]]) {
        edits.push([`${module.name}/${file}`, file.endsWith(".lua") ? `-- change ${number}\n` : `\nChange note ${number}.\n`]);
      }
      added.set(module.name, (added.get(module.name) ?? 0) + 1);
    }
    const subject = touched.size > 5 ? "all" : [...touched.keys()].join(", ");
    steps.push({ message: `${subject}: change ${number}`, user: `${pick(rand, ["kim", "matthew", "waqas", "zash", "ge0rg"])} <dev@localhost>`, date: 1262304000 + number * 40000, edits });
  }
  return { steps, added };
}

function hg(args, cwd) {
  execFileSync("hg", ["--config", "ui.username=bench <bench@localhost>", ...args], { cwd, stdio: "ignore", env: { ...process.env, HGPLAIN: "1", HGRCPATH: "" } });
}

/** Versions per generated module as `N-1`, N the changesets that touched it: how the real rocks server numbers them. */
function manifestEntries(changesets) {
  const entries = [];
  for (const [name, count] of changesets) {
    const versions = Array.from({ length: count }, (_, n) => `      ["${n + 1}-1"] = {\n         {\n            arch = "rockspec"\n         },\n         {\n            arch = "src"\n         }\n      }`);
    entries.push(`   ${name} = {\n${versions.join(",\n")}\n   },`);
  }
  return entries.join("\n");
}

function buildRocks(dir, changesets) {
  const rocks = path.join(dir, "rocks");
  cpSync(path.join(fixture, "rocks"), rocks, { recursive: true });
  const extra = manifestEntries(changesets);
  for (const file of readdirSync(rocks).filter((name) => /^manifest(-5\.\d)?$/.test(name))) {
    const text = readFileSync(path.join(rocks, file), "utf8");
    writeFileSync(path.join(rocks, file), text.replace(/^repository = \{\n/m, (head) => `${head}${extra}\n`));
  }
  rmSync(path.join(rocks, "index.html"), { force: true });
}

/** Builds the data set unless a complete one of this version is cached; answers its paths. */
export function ensureDataset(log = console.error) {
  return ensureGenerated(dataDir, GENERATED_MODULES, log);
}

/** The data set of `GOAL_MODULES` modules in all, built the same way. */
export function ensureGoalDataset(log = console.error) {
  const fixtureModules = readdirSync(path.join(fixture, "community")).filter((entry) => entry.startsWith("mod_")).length;
  return ensureGenerated(goalDataDir, GOAL_MODULES - fixtureModules, log);
}

function ensureGenerated(dataDir, generated, log) {
  const stamp = path.join(dataDir, "stamp.json");
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, "utf8")).version === VERSION) return dataset(dataDir);
  const started = Date.now();
  log(`bench: generating ${generated} modules under ${path.relative(root, dataDir)} (once) ...`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const repo = path.join(dataDir, "community");
  hg(["clone", "--quiet", path.join(fixture, "community"), repo]);
  const names = [];
  const rand = random(42);
  for (let index = 0; index < generated; index++) names.push(moduleName(index, rand));
  const changesets = new Map(names.map((name) => [name, 1]));
  names.forEach((name, index) => writeModule(repo, name, index, 0));
  hg(["commit", "--quiet", "--addremove", "-m", `add ${generated} generated modules`], repo);
  // Later changesets each touch a slice of the modules, so revisions differ between modules as upstream's do.
  for (let commit = 1; commit <= HISTORY_COMMITS; commit++) {
    const touched = names.filter((_, index) => random(index * 31 + commit)() < 0.06);
    touched.forEach((name) => {
      writeModule(repo, name, names.indexOf(name), commit);
      changesets.set(name, (changesets.get(name) ?? 0) + 1);
    });
    hg(["commit", "--quiet", "--addremove", "-m", `edit ${touched.length} generated modules`], repo);
  }
  const history = smallChangesets(repo, rand);
  const plan = path.join(dataDir, "history-plan.json");
  writeFileSync(plan, JSON.stringify(history.steps));
  hg(["--config", `extensions.benchhistory=${fileURLToPath(new URL("./hg-history-ext.py", import.meta.url))}`, "bench-history", plan], repo);
  hg(["update", "--quiet", "--clean", "tip"], repo);
  rmSync(plan);
  // The fixture's own modules keep their real rocks: only the generated ones are numbered by changesets.
  for (const [name, count] of history.added) if (changesets.has(name)) changesets.set(name, changesets.get(name) + count);
  buildRocks(dataDir, changesets);
  writeFileSync(path.join(dataDir, "modules.json"), `${JSON.stringify(names)}\n`);
  writeFileSync(stamp, `${JSON.stringify({ version: VERSION, modules: names.length })}\n`);
  log(`bench: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dataset(dataDir);
}
