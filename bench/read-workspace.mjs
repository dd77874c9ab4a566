// The workspace of the scripts that look inside read commands (phases.mjs, warm.mjs): the bench's data synced, 20
// community modules and 2 rocks installed, as in `npm run bench`, then left to settle.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureDataset } from "./generate.mjs";
import { cli } from "./lib.mjs";
import { benchWorkspace, chooseCommunityModules } from "./workspace.mjs";

export async function withReadWorkspace(name, work) {
  const workspace = benchWorkspace(ensureDataset(), cli, name);
  const pm = (...args) => {
    const result = spawnSync(process.execPath, workspace.pmArgs(...args), { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (result.status !== 0) throw new Error(`prosody-manager ${args.join(" ")} failed: ${result.stderr}`);
  };
  try {
    pm("module", "sync");
    const catalogue = JSON.parse(readFileSync(path.join(workspace.cache, "catalogue.json"), "utf8"));
    const chosen = chooseCommunityModules(catalogue.community.modules, 20);
    pm("module", "install", "--no-config", ...chosen);
    pm("module", "rocks", "install", "--no-config", "mod_sasl2_fast", "mod_pastebin");
    // The digest memo remembers a tree only once its files have not changed for 2 s (src/system/digest-memo.ts): until
    // then every read hashes the trees just installed, which is not what a server's reads do.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    return await work({ workspace, infoTarget: chosen[0] });
  } finally {
    rmSync(workspace.dir, { recursive: true, force: true });
  }
}
