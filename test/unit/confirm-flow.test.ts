import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandSpec } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/program.js";
import { askYesNo, isYes } from "../../src/cli/prompt.js";
import type { PlanStep } from "../../src/core/model/plan.js";
import type { ModuleName } from "../../src/core/types.js";

describe("askYesNo", () => {
  const ask = async (typed: string | undefined): Promise<{ answer: boolean; shown: string }> => {
    const input = new PassThrough();
    let shown = "";
    const answer = askYesNo(input, { write: (text: string) => (shown += text) }, "Proceed?");
    if (typed === undefined) input.end();
    else input.write(typed);
    return { answer: await answer, shown };
  };

  it("y and yes (any case) are yes; anything else, an empty line too, is no", async () => {
    expect((await ask("y\n")).answer).toBe(true);
    expect((await ask(" YES \n")).answer).toBe(true);
    expect((await ask("n\n")).answer).toBe(false);
    expect((await ask("\n")).answer).toBe(false);
    expect((await ask("yep\n")).answer).toBe(false);
    expect(isYes("Yes")).toBe(true);
  });

  it("shows the question with the default, and the end of input is no", async () => {
    const eof = await ask(undefined);
    expect(eof.answer).toBe(false);
    expect(eof.shown).toBe("Proceed? [y/N] \n");
  });
});

/** A command whose plan (and whose runs) the test controls; it writes a file when it runs for real. */
function fakeCommand(marker: string, steps: PlanStep[], configFiles: string[], withPreview = true): { spec: CommandSpec; runs: string[] } {
  const runs: string[] = [];
  const spec: CommandSpec = {
    path: ["fake"],
    summary: "changes things",
    args: [],
    options: [],
    examples: [],
    asksFirst: true,
    async run(ctx) {
      runs.push(ctx.flags.dryRun ? "dry" : "real");
      ctx.log.warn("something to know");
      if (!ctx.flags.dryRun) await fs.writeFile(marker, "changed");
      return { json: { changed: !ctx.flags.dryRun }, text: ctx.flags.dryRun ? "would do it\n(dry run: nothing was changed)" : "did it", ...(withPreview ? { preview: { steps, configFiles } } : {}) };
    },
  };
  return { spec, runs };
}

const replace: PlanStep = { source: "community", name: "mod_x" as ModuleName, action: "change", from: "a".repeat(40), to: "b".repeat(40), why: "revision aaaaaaaaaaaa → bbbbbbbbbbbb", pinned: false, reason: "requested", expectHash: undefined, needsForce: undefined };
const add: PlanStep = { ...replace, action: "add", from: undefined, why: "not installed" };

describe("ask first (cli/confirm-flow.ts), through runCli", () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "pm-ask-"));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const run = async (spec: CommandSpec, options: { flags?: string[]; typed?: string; tty?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = "";
    let stderr = "";
    const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? true });
    if (options.typed === undefined) stdin.end();
    else stdin.write(options.typed);
    const flags = ["--config", path.join(root, "prosody.cfg.lua"), "--cache-dir", path.join(root, "cache"), "--community-dir", path.join(root, "community"), "--installer-path", path.join(root, "tree"), "--lockfile", path.join(root, "lock.json")];
    const code = await runCli([...flags, ...(options.flags ?? []), "fake"], {
      stdin,
      stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? true },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root },
      cwd: root,
    }, [spec]);
    return { code, stdout, stderr };
  };

  it("shows the plan without the dry-run note, asks, and 'n' never runs the change (exit 1)", async () => {
    const fake = fakeCommand(path.join(root, "marker"), [replace], [path.join(root, "prosody.cfg.lua")]);
    const result = await run(fake.spec, { typed: "n\n" });
    expect(result.code).toBe(1);
    expect(fake.runs).toEqual(["dry"]);
    expect(result.stdout).toContain("would do it\n");
    expect(result.stdout).not.toContain("(dry run");
    expect(result.stdout).toContain(`This change:\n  - edits the Prosody config (${path.join(root, "prosody.cfg.lua")})\n  - replaces mod_x (revision aaaaaaaaaaaa → bbbbbbbbbbbb)\nProceed? [y/N] `);
    expect(result.stderr).toMatch(/prosody-manager: not confirmed: nothing was changed\nhint: /);
    await expect(fs.access(path.join(root, "marker"))).rejects.toThrow();
  });

  it("'y' runs it once more for real; a warning the dry run gave is not repeated", async () => {
    const fake = fakeCommand(path.join(root, "marker"), [replace], []);
    const result = await run(fake.spec, { typed: "y\n" });
    expect(result.code).toBe(0);
    expect(fake.runs).toEqual(["dry", "real"]);
    expect(result.stdout).toMatch(/^would do it\nThis change:\n.*\nProceed\? \[y\/N\] did it\n$/);
    expect(result.stderr.match(/something to know/g)).toHaveLength(1);
  });

  it("a plan that only adds runs without a question", async () => {
    const fake = fakeCommand(path.join(root, "marker"), [add], []);
    const result = await run(fake.spec);
    expect(result.code).toBe(0);
    expect(fake.runs).toEqual(["dry", "real"]);
    expect(result.stdout).toBe("did it\n");
  });

  it("a command that does not say what it changes is asked about", async () => {
    const fake = fakeCommand(path.join(root, "marker"), [], [], false);
    const result = await run(fake.spec);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  - changes the server\nProceed? [y/N] \n");
  });

  it("a command whose options make it change nothing (apply --check) is run once, without a dry run first", async () => {
    const fake = fakeCommand(path.join(root, "marker"), [replace], []);
    const result = await run({ ...fake.spec, asksFirst: () => false });
    expect(result.code).toBe(0);
    expect(fake.runs).toEqual(["real"]);
  });

  it("--yes, --dry-run, --json and no terminal never ask and run the command once", async () => {
    for (const options of [{ flags: ["--yes"] }, { flags: ["--dry-run"] }, { flags: ["--json"] }, { tty: false }]) {
      const fake = fakeCommand(path.join(root, "marker"), [replace], []);
      const result = await run(fake.spec, options);
      expect(result.code, JSON.stringify(options)).toBe(0);
      expect(fake.runs, JSON.stringify(options)).toEqual([options.flags?.[0] === "--dry-run" ? "dry" : "real"]);
      expect(result.stdout + result.stderr).not.toContain("Proceed?");
    }
  });
});
