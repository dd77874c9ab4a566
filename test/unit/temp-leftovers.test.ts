import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeTempLeftovers, tempLeftovers } from "../../src/system/temp-leftovers.js";
import { scratchDirs } from "../helpers/scratch-dirs.js";

function deadPid(): number {
  const run = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(run.stdout);
}

describe("temporary files of killed writes", () => {
  const dir = scratchDirs("pm-temp-");

  it("lists only temporary names whose writer is gone, and removes exactly those", () => {
    const where = dir();
    const dead = deadPid();
    const names = [
      `.prosody.cfg.lua.tmp-${dead}-0a1b2c3d`,
      `.prosody-manager.lock.json.journal.tmp-${dead}`,
      `.prosody.cfg.lua.tmp-${process.pid}-0a1b2c3d`,
      "prosody.cfg.lua",
      `.prosody.cfg.lua.bak`,
      `prosody.cfg.lua.tmp-${dead}-0a1b2c3d`,
    ];
    for (const name of names) writeFileSync(path.join(where, name), "x");
    const expected = [names[0], names[1]].map((name) => path.join(where, name ?? "")).sort();
    expect(tempLeftovers([where, where, path.join(where, "absent")])).toEqual(expected);
    expect(removeTempLeftovers([where])).toHaveLength(2);
    expect(readdirSync(where).sort()).toEqual([names[2], names[3], names[4], names[5]].sort());
  });
});
