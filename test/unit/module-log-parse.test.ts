import { describe, expect, it } from "vitest";
import { rockVersionsAfter, totalStat } from "../../src/core/changes.js";
import { parseRevision, tryRevision } from "../../src/core/revision.js";
import { parseModuleLog } from "../../src/sources/community/hg-log.js";

const RS = "\u001e";
const US = "\u001f";

describe("parseModuleLog", () => {
  const output =
    `${RS}2${US}${"d".repeat(40)}${US}dddddddddddd${US}2023-02-24 00:53:20 +0000${US}Jane${US}mod_x: fix\n` +
    " mod_x/mod_x.lua |  3 ++-\n mod_x/logo.png  | Bin 0 -> 120 bytes\n 2 files changed, 2 insertions(+), 1 deletions(-)\n\n" +
    "diff -r aaa -r ddd mod_x/mod_x.lua\n--- a/mod_x/mod_x.lua\n+++ b/mod_x/mod_x.lua\n@@ -1,1 +1,2 @@\n-a\n+b\n+c\n\n" +
    `${RS}0${US}${"a".repeat(40)}${US}aaaaaaaaaaaa${US}2023-02-21 17:20:00 +0000${US}fixture${US}Import\n` +
    " mod_x/mod_x.lua |  1 +\n 1 files changed, 1 insertions(+)\n\n";

  it("splits records and reads the stat and the patch", () => {
    const log = parseModuleLog(output, true);
    expect(log.map((changeset) => changeset.rev)).toEqual([2, 0]);
    expect(log[0]).toMatchObject({ short: "dddddddddddd", author: "Jane", summary: "mod_x: fix", insertions: 2, deletions: 1 });
    expect(log[0]?.files).toEqual([
      { path: "mod_x/mod_x.lua", changes: 3, graph: "++-" },
      { path: "mod_x/logo.png", changes: 0, graph: "Bin" },
    ]);
    expect(log[0]?.diff).toMatch(/^diff -r aaa -r ddd mod_x\/mod_x.lua\n/);
    expect(log[0]?.diff).toMatch(/\+c\n$/);
    expect(log[1]).toMatchObject({ insertions: 1, deletions: 0, diff: "" });
  });

  it("leaves the patch out unless asked", () => {
    expect(parseModuleLog(output, false)[0]?.diff).toBeUndefined();
  });

  it("totals count each file once", () => {
    expect(totalStat(parseModuleLog(output, false))).toEqual({ files: 2, insertions: 3, deletions: 1 });
  });
});

describe("parseRevision", () => {
  it("accepts hashes and local numbers, folded to lower case", () => {
    expect(parseRevision("580DDA91E6D8")).toBe("580dda91e6d8");
    expect(parseRevision("12")).toBe("12");
  });

  it.each(["tip", "--config=x", "-r", "all()", "abc", "1 or 2", "0x12", ""])("refuses %j with a usage error", (input) => {
    expect(() => parseRevision(input)).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(tryRevision(input)).toBeUndefined();
  });
});

describe("rockVersionsAfter", () => {
  it("answers the newer versions, newest first", () => {
    expect(rockVersionsAfter(["1-1", "10-1", "2-1", "3-1"], "2-1")).toEqual(["10-1", "3-1"]);
    expect(rockVersionsAfter(["1-1"], "1-1")).toEqual([]);
  });
});
