import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDataAssignments } from "../../src/core/lua-data.js";
import { readLuaAssignments } from "../../src/sources/rocks/lua-data.js";
import { readLuaAssignmentsFully } from "../../src/sources/rocks/lua-data-full.js";
import { rocksDir } from "../helpers/fixture-paths.js";

/** The small scanner must read what the full parser reads, node for node. */
function expectSameReading(text: string): void {
  const fast = readDataAssignments(text);
  expect(fast, "the scanner declined a data file").toBeDefined();
  expect(fast).toEqual(readLuaAssignmentsFully(text));
}

describe("Lua data files read without the Lua parser", () => {
  it("reads the fixture server's manifests and every rockspec as the full parser does", async () => {
    const files = (await fs.readdir(rocksDir)).filter((file) => file.startsWith("manifest") || file.endsWith(".rockspec"));
    expect(files.filter((file) => file.endsWith(".rockspec")).length).toBeGreaterThan(20);
    for (const file of files) expectSameReading(await fs.readFile(path.join(rocksDir, file), "utf8"));
  });

  it("reads comments, long strings, escapes, numbers, keys in brackets and both separators", () => {
    expectSameReading([
      "#!/usr/bin/lua",
      "-- a comment",
      "--[==[ a long",
      "comment ]==]",
      'rock_manifest = { ["mod_x.lua"] = "0a1b", doc = { ["README.md"] = [[md5]] }; x = -1.5e3, y = 0x1F, z = true, n = nil, };',
      "repository = {",
      '  ["mod_a"] = { ["1.0-1"] = { { arch = "rockspec" }, { arch = \'src\' } } },',
      '  mod_b = { ["0.2-1"] = { { arch = "all", note = "a \\"quoted\\" \\\\ word" } } }',
      "}",
      'dependencies = { "lua >= 5.1", [==[mod_sasl2]==] }',
    ].join("\n"));
  });

  it("keeps the first table assigned to a name, as the readers always did", () => {
    const read = readDataAssignments('x = 1\nx = { "a" }\nx = { "b" }\n');
    expect(read?.get("x")).toEqual({ type: "TableConstructorExpression", fields: [{ type: "TableValue", value: { type: "StringLiteral", raw: '"a"' } }] });
    expect(read).toEqual(readLuaAssignmentsFully('x = 1\nx = { "a" }\nx = { "b" }\n'));
  });

  it("declines a file that computes anything, and the full parser reads it instead", async () => {
    const rockspec = 'package = "mod_x"\nlocal v = "1.0"\nversion = v .. "-1"\ndependencies = { "mod_" .. "a", "mod_b" }\n';
    expect(readDataAssignments(rockspec)).toBeUndefined();
    expect(readDataAssignments('x = { f() }')).toBeUndefined();
    expect(readDataAssignments('x = { "unterminated }')).toBeUndefined();
    const read = await readLuaAssignments(rockspec, "test");
    expect(read.get("dependencies")).toEqual({
      type: "TableConstructorExpression",
      fields: [{ type: "TableValue", value: { type: "Other" } }, { type: "TableValue", value: { type: "StringLiteral", raw: '"mod_b"' } }],
    });
  });

  it("answers tables deeper than the kept depth as Other, yet still declines a file whose deep tables are not data", () => {
    const manifest = 'repository = { mod_a = { ["1.0-1"] = { { arch = "rockspec" } } }, mod_b = { ["2-1"] = {} } }\n';
    const read = readDataAssignments(manifest, 2);
    expect(read?.get("repository")).toEqual({
      type: "TableConstructorExpression",
      fields: [
        { type: "TableKeyString", key: { name: "mod_a" }, value: { type: "TableConstructorExpression", fields: [{ type: "TableKey", key: { type: "StringLiteral", raw: '"1.0-1"' }, value: { type: "Other" } }] } },
        { type: "TableKeyString", key: { name: "mod_b" }, value: { type: "TableConstructorExpression", fields: [{ type: "TableKey", key: { type: "StringLiteral", raw: '"2-1"' }, value: { type: "Other" } }] } },
      ],
    });
    // Whole, as without a depth, when the file's tables are no deeper than kept.
    expect(readDataAssignments(manifest, 4)).toEqual(readDataAssignments(manifest));
    expect(readDataAssignments('repository = { mod_a = { ["1-1"] = { { arch = os.getenv("X") } } } }', 2)).toBeUndefined();
  });

  it("a file that is not Lua at all is refused with its origin", async () => {
    await expect(readLuaAssignments("<html>not a manifest</html>", "https://example.org/rocks")).rejects.toThrow(/https:\/\/example\.org\/rocks is not a LuaRocks manifest/);
  });
});
