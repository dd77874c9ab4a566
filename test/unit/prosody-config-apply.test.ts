import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyConfigEdits } from "../../src/prosody/config/apply.js";
import { haveTools } from "../helpers/requirements.js";

describe.runIf(haveTools("prosodyctl"))("applyConfigEdits with the real prosodyctl check config", () => {
  it("puts the old file back when the edit makes the check worse, and keeps a backup when it does not", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-apply-"));
    await fs.chmod(dir, 0o755);
    const file = path.join(dir, "prosody.cfg.lua");
    const original = `data_path = "${dir}/data"\nmodules_enabled = { "ping" }\nVirtualHost "localhost"\n`;
    await fs.writeFile(file, original, { mode: 0o644 });
    // Valid Lua that Prosody refuses: an Include glob whose directory does not exist.
    const broken = `${original}Include "no-such-dir/*.cfg.lua"\n`;
    await expect(applyConfigEdits(file, [{ file, before: original, after: broken, changed: true, description: "break it" }], process.env)).rejects.toThrow(
      /prosodyctl check config failed after the edit, so the config was put back/,
    );
    expect(await fs.readFile(file, "utf8")).toBe(original);

    const fine = original.replace('"ping"', '"ping", "uptime"');
    const applied = await applyConfigEdits(file, [{ file, before: original, after: fine, changed: true, description: "add uptime" }], process.env);
    expect(await fs.readFile(file, "utf8")).toBe(fine);
    expect(await fs.readFile(`${file}.bak`, "utf8")).toBe(original);
    // The check ran and kept the edit although it still complains as it did before: the sandbox lacks mod_tls.
    expect(applied.check).toMatchObject({ code: 2, problems: ["You require encryption but mod_tls is not enabled.", "Connections will fail."] });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o644);
    await fs.rm(dir, { recursive: true });
  }, 60_000);
});
