import { execFileSync, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/prosody/config/diff.js";
import { ensureGlobalOption, ensureInList, removeFromList } from "../../src/prosody/config/edit.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";
import { fixture } from "../fixtures/configs/fixtures.js";
import { haveTools } from "../helpers/requirements.js";

const diffAndPatch = haveTools("diff", "patch");

/** GNU diff's hunks for the same texts, headers left out. */
async function gnuDiff(before: string, after: string, context: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-diff-"));
  try {
    await fs.writeFile(path.join(dir, "a"), before);
    await fs.writeFile(path.join(dir, "b"), after);
    const result = spawnSync("diff", [`-U${context}`, "a", "b"], { cwd: dir, encoding: "utf8" });
    return result.stdout.split("\n").slice(2).join("\n");
  } finally {
    await fs.rm(dir, { recursive: true });
  }
}

/** patch(1) turns `before` into `after` with our diff. */
async function patched(before: string, diff: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pm-patch-"));
  try {
    await fs.writeFile(path.join(dir, "cfg"), before);
    execFileSync("patch", ["--quiet", "cfg"], { cwd: dir, input: diff });
    return await fs.readFile(path.join(dir, "cfg"), "utf8");
  } finally {
    await fs.rm(dir, { recursive: true });
  }
}

describe("unified diff for --dry-run", () => {
  const { file, text } = fixture("debian/prosody.cfg.lua");
  const debian = parseConfigText(text, file);
  const edits = [
    ensureGlobalOption(debian, "plugin_server", "https://modules.prosody.im/rocks/"),
    ensureInList(debian, "modules_enabled", "pastebin", { kind: "global" }),
    ensureInList(debian, "admins", "a@b", { kind: "global" }),
    removeFromList(debian, "modules_enabled", "posix", { kind: "global" }),
    ensureInList(debian, "modules_enabled", "pastebin", { kind: "VirtualHost", name: "localhost" }),
  ];

  it("is empty when nothing changes", () => {
    expect(unifiedDiff(text, text, file)).toBe("");
  });

  it("names the file and shows only the changed lines with context", () => {
    const diff = unifiedDiff(edits[0]?.before ?? "", edits[0]?.after ?? "", "/etc/prosody/prosody.cfg.lua");
    expect(diff.split("\n").slice(0, 3)).toEqual(["--- /etc/prosody/prosody.cfg.lua", "+++ /etc/prosody/prosody.cfg.lua", "@@ -217,6 +217,7 @@"]);
    expect(diff.split("\n").filter((line) => /^[+-](?![+-])/.test(line))).toEqual(['+plugin_server = "https://modules.prosody.im/rocks/"']);
  });

  it.runIf(diffAndPatch)("prints the hunks GNU diff prints, and patch(1) applies it", async () => {
    const cases: [string, string][] = [
      ...edits.map((edit): [string, string] => [edit.before, edit.after]),
      ["", 'plugin_server = "s"\n'],
      ["a\nb\nc", "a\nb\nc\n"],
      ["x\n", ""],
      ["1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\nELEVEN\n12\n"],
    ];
    for (const [before, after] of cases) {
      for (const context of [0, 3]) {
        const ours = unifiedDiff(before, after, "cfg", context);
        expect(ours.split("\n").slice(2).join("\n")).toBe(await gnuDiff(before, after, context));
      }
      expect(await patched(before, unifiedDiff(before, after, "cfg"))).toBe(after);
    }
  });
});
