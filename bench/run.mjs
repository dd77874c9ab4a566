// `npm run bench`: every figure of issue 11 in one run, on the fixture plus 2 000 generated modules.
// Read commands are medians of whole-process runs as a ratio to `node -e 0` measured in the same rounds, beside
// LuaRocks on the same server and tree; installs beside one raw `hg archive`; syncs beside the hg they must run.
import "./own-code-cache.mjs";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { measureFirstSync } from "./first-sync.mjs";
import { ensureDataset, ensureGoalDataset } from "./generate.mjs";
import { cli, root } from "./lib.mjs";
import { WITHOUT_EXTRA_CA, interleaved, median, peakRssMiB, signedMs, timeOnce } from "./measure.mjs";
import { phaseTable, readPhaseCases } from "./phases.mjs";
import { benchWorkspace, chooseCommunityModules } from "./workspace.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const SLOW_ROUNDS = Number(process.env.BENCH_SLOW_ROUNDS ?? 7);
const INSTALLED_COMMUNITY = 20;

const data = ensureDataset();
const workspace = benchWorkspace(data, cli, "run");
const { dir, upstream, cache, cacheRepo, modulesDir, tree, flags, pmArgs } = workspace;
const pm = (...args) => execFileSync(process.execPath, pmArgs(...args), { stdio: ["ignore", "ignore", "pipe"] });
const node = process.execPath;
const rows = [];
const row = (what, figure, peer = "", rss = undefined) => {
  rows.push({ what, figure, peer, rss });
  console.error(`bench: ${what}: ${figure} ${peer}`);
};
const ratio = (value, floor) => `${(value / floor).toFixed(2)}×`;
/** Wall ratio, then the CPU-time ratio in brackets: the one to trust when the machine is busy with other work. */
const ratios = (times, label, floorLabel) => `${ratio(times.wall.get(label), times.wall.get(floorLabel))} (cpu ${ratio(times.cpu.get(label), times.cpu.get(floorLabel))})`;
const ms = (value) => `${value.toFixed(0)} ms`;

try {
  pm("module", "sync");
  const catalogue = JSON.parse(readFileSync(path.join(cache, "catalogue.json"), "utf8"));
  const chosen = chooseCommunityModules(catalogue.community.modules, INSTALLED_COMMUNITY);
  const infoTarget = chosen[0];

  // Install: 20 community modules into an empty directory, beside one hg archive of the same 20 directories.
  const archiveDest = path.join(dir, "archive");
  const install = interleaved([
    { label: "install", program: node, args: pmArgs("module", "install", "--no-config", ...chosen), before: () => rmSync(modulesDir, { recursive: true, force: true }) },
    {
      label: "hg archive",
      program: "hg",
      args: ["--config", "ui.archivemeta=false", "archive", "-R", path.join(cache, "community"), "-r", "tip", "-t", "files", ...chosen.flatMap((name) => ["-I", `path:${name}`]), archiveDest],
      before: () => rmSync(archiveDest, { recursive: true, force: true }),
    },
  ], Math.min(SLOW_ROUNDS, 3));
  const installRss = peakRssMiB(cli, [...flags, "module", "install", "--no-config", ...chosen], { before: () => rmSync(modulesDir, { recursive: true, force: true }) });
  pm("module", "rocks", "install", "--no-config", "mod_sasl2_fast", "mod_pastebin");

  // Read commands, with the 3 rocks and 20 community modules installed.
  const reads = [
    { label: "module search muc", args: ["module", "search", "muc"], peer: { program: "luarocks", args: ["--lua-version=5.4", `--server=${data.rocks}`, "search", "muc"] } },
    { label: `module info ${infoTarget}`, args: ["module", "info", infoTarget] },
    { label: "module list", args: ["module", "list"], peer: { program: "luarocks", args: ["--lua-version=5.4", `--tree=${tree}`, "list"] } },
    { label: "module rocks list", args: ["module", "rocks", "list"], peer: { program: "luarocks", args: ["--lua-version=5.4", `--tree=${tree}`, "list"] } },
    { label: "module outdated", args: ["module", "outdated"] },
    { label: "--version", args: ["--version"] },
  ];
  // A real server has a config: Debian's default (no Include), read by the same commands, shows what parsing it costs.
  const debianConfig = path.join(root, "test", "fixtures", "configs", "corpus", "prosody-0.12-dist", "prosody.cfg.lua");
  const debianFlags = flags.map((flag, index) => (flags[index - 1] === "--config" ? debianConfig : flag));
  reads.push(
    { label: "module search muc, Debian's prosody.cfg.lua", args: ["module", "search", "muc"], flags: debianFlags },
    { label: "module list, Debian's prosody.cfg.lua", args: ["module", "list"], flags: debianFlags },
  );
  const cases = [{ label: "node -e 0", program: node, args: ["-e", "0"] }];
  for (const read of reads) {
    cases.push({ label: read.label, program: node, args: [cli, ...(read.flags ?? flags), ...read.args] });
    if (read.peer) cases.push({ label: `peer ${read.peer.args.join(" ")}`, program: read.peer.program, args: read.peer.args });
  }
  // The same commands and floor without NODE_EXTRA_CA_CERTS (when it is set), in the same rounds.
  const bare = (label) => `${label}, without NODE_EXTRA_CA_CERTS`;
  if (WITHOUT_EXTRA_CA) {
    cases.push({ label: bare("node -e 0"), program: node, args: ["-e", "0"], env: WITHOUT_EXTRA_CA });
    for (const read of reads) cases.push({ label: bare(read.label), program: node, args: [cli, ...(read.flags ?? flags), ...read.args], env: WITHOUT_EXTRA_CA });
  }
  const times = interleaved(cases, ROUNDS);
  row("`node -e 0` (the floor)", `${ms(times.wall.get("node -e 0"))} (cpu ${ms(times.cpu.get("node -e 0"))})`);
  for (const read of reads) {
    const peer = read.peer ? `\`luarocks ${read.peer.args.at(-2) === "search" ? "search muc" : "list"}\` ${ratios(times, `peer ${read.peer.args.join(" ")}`, "node -e 0")}` : "";
    row(`\`${read.label}\``, ratios(times, read.label, "node -e 0"), peer, peakRssMiB(cli, [...(read.flags ?? flags), ...read.args]));
  }
  if (WITHOUT_EXTRA_CA) {
    row(bare("`node -e 0`"), `${ms(times.wall.get(bare("node -e 0")))} (cpu ${ms(times.cpu.get(bare("node -e 0")))})`);
    for (const read of reads) row(bare(`\`${read.label}\``), ratios(times, bare(read.label), bare("node -e 0")));
  }
  const phases = phaseTable(readPhaseCases(flags, infoTarget), ROUNDS);
  row(`install ${INSTALLED_COMMUNITY} community modules`, `${ratios(install, "install", "hg archive")} one hg archive`, `${ms(install.wall.get("install"))} vs ${ms(install.wall.get("hg archive"))}`, installRss);

  // Syncs. Nothing new: beside one `hg pull` that finds nothing.
  const nothingNew = interleaved([
    { label: "sync", program: node, args: pmArgs("module", "sync") },
    { label: "hg pull", program: "hg", args: ["pull", "-R", cacheRepo, upstream] },
  ], SLOW_ROUNDS);
  row(
    "`module sync`, nothing new",
    `hg pull ${signedMs(nothingNew.wall.get("sync") - nothingNew.wall.get("hg pull"))} (cpu ${signedMs(nothingNew.cpu.get("sync") - nothingNew.cpu.get("hg pull"))})`,
    `hg pull ${ms(nothingNew.wall.get("hg pull"))}`,
    peakRssMiB(cli, [...flags, "module", "sync"]),
  );

  // Incremental: upstream gains one changeset touching 5 modules before each run (not timed).
  const touchUpstream = () => workspace.touchUpstream(chosen.slice(0, 5));
  const incremental = [];
  for (let run = 0; run < SLOW_ROUNDS; run++) {
    touchUpstream();
    incremental.push(timeOnce("incremental sync", node, pmArgs("module", "sync")).wall);
  }
  touchUpstream();
  const incrementalRss = peakRssMiB(cli, [...flags, "module", "sync"]);
  const pulls = [];
  for (let run = 0; run < SLOW_ROUNDS; run++) {
    touchUpstream();
    pulls.push(timeOnce("hg pull --update", "hg", ["pull", "--update", "-R", cacheRepo, upstream]).wall);
  }
  row("`module sync`, 1 changeset touching 5 modules", ms(median(incremental)), `hg pull --update ${ms(median(pulls))}`, incrementalRss);

  // First sync: clone and index from nothing, beside the clone and update alone; also at the size the goal was set at.
  for (const space of [workspace, benchWorkspace(ensureGoalDataset(), cli, "448")]) {
    const first = measureFirstSync(cli, space, Math.min(SLOW_ROUNDS, 3));
    row(
      `first \`module sync\` (${first.modules} modules)`,
      ms(first.wall),
      `clone + update ${ms(first.cloneWall)}: index ${ms(first.index)} (cpu ${ms(first.indexCpu)}); after hg's last process ${ms(first.afterHg)}, own cpu ${ms(first.ownCpu)}`,
      first.rss,
    );
    if (space !== workspace) rmSync(space.dir, { recursive: true, force: true });
  }

  print(catalogue);
  console.log(`\nWhere a read command's time goes (PROSODY_MANAGER_TRACE_PERFORMANCE, ${WITHOUT_EXTRA_CA ? "without NODE_EXTRA_CA_CERTS, " : ""}medians of ${ROUNDS} runs):\n`);
  console.log(phases);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function print(catalogue) {
  const width = (key) => Math.max(...rows.map((item) => String(item[key]).length), key.length);
  console.log(`\nprosody-manager bench: ${catalogue.community.modules.length} community modules, ${catalogue.rocks.modules.length} rocks; medians of ${ROUNDS} rounds (${SLOW_ROUNDS} for syncs, 3 for installs and first syncs); ${os.cpus().length} cores\n`);
  const header = { what: "what", figure: "× node floor / time", peer: "peer", rss: "peak RSS" };
  const line = (item) =>
    `| ${String(item.what).padEnd(width("what"))} | ${String(item.figure).padEnd(width("figure"))} | ${String(item.peer).padEnd(width("peer"))} | ${typeof item.rss === "number" ? `${item.rss.toFixed(0)} MiB` : item.rss ?? ""} |`;
  console.log(line(header));
  console.log(`|${"-".repeat(width("what") + 2)}|${"-".repeat(width("figure") + 2)}|${"-".repeat(width("peer") + 2)}|----------|`);
  for (const item of rows) console.log(line(item));
}
