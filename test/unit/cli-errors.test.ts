import { promises as fs } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { CommandSpec } from "../../src/cli/command.js";

// Test commands whose handlers fail the three ways a real one can: a system error nobody caught, a plain bug, and
// nothing at all (so that parse errors are commander's). The reporter under test is the real one.
const specs: CommandSpec[] = [
  {
    path: ["read-missing"],
    summary: "reads a file that is not there",
    args: [],
    options: [],
    examples: [],
    async run() {
      await fs.readFile("/nonexistent/prosody-manager-test");
      throw new Error("the test file must not exist");
    },
  },
  {
    path: ["bug"],
    summary: "throws a TypeError",
    args: [],
    options: [],
    examples: [],
    async run() {
      throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere (file.js:1:1)");
    },
  },
];

async function invoke(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {}, cwd: "/" }, specs);
  return { code, stdout, stderr };
}

describe("the top-level reporter", () => {
  it("an uncaught system error is its cause and path, not an internal error", async () => {
    const run = await invoke(["read-missing", "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("prosody-manager: /nonexistent/prosody-manager-test: no such file or directory (open)\nhint: check the path (and the options or config that named it)\n");
    expect(JSON.parse(run.stdout)).toEqual({
      error: { message: "/nonexistent/prosody-manager-test: no such file or directory (open)", hint: expect.any(String), exitCode: 1, code: "ENOENT", path: "/nonexistent/prosody-manager-test" },
    });
  });

  it("a bug is one line, and one JSON document under --json, without a stack", async () => {
    const run = await invoke(["bug", "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^prosody-manager: internal error: Cannot read properties/)]);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { exitCode: 1, code: "EINTERNAL", hint: expect.stringMatching(/PROSODY_MANAGER_DEBUG/) } });
  });

  it.each([
    [["nope", "--json"], "commander.unknownCommand", /unknown command 'nope'/],
    [["--json", "--nope"], "commander.unknownOption", /unknown option '--nope'/],
    [["bugg", "--json"], "commander.unknownCommand", /unknown command 'bugg'/],
  ])("usage error %j is exit 2 and a JSON document", async (args, code, message) => {
    const run = await invoke(args);
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout) as { error: { message: string; code: string; exitCode: number; hint: string | null } };
    expect(document.error).toMatchObject({ code, exitCode: 2, message: expect.stringMatching(message) });
    expect(document.error.message).not.toContain("\n");
  });

  it("a suggestion becomes the JSON hint", async () => {
    const run = await invoke(["bugg", "--json"]);
    expect((JSON.parse(run.stdout) as { error: { hint: string } }).error.hint).toMatch(/Did you mean bug\?/);
  });
});
