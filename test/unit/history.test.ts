import { describe, expect, it } from "vitest";
import { DirectoryHistoryFold, directoryHistory } from "../../src/core/history.js";

describe("directoryHistory", () => {
  it("counts changesets per top directory and keeps the newest revision", () => {
    const history = directoryHistory([
      { short: "r0", files: ["mod_a/mod_a.lua", "mod_a/README.md", "mod_b/mod_b.lua", "README"] },
      { short: "r1", files: ["mod_a/mod_a.lua"] },
      { short: "r2", files: ["mod_b/lib/x.lib.lua", "mod_c/mod_c.lua"] },
    ]);
    expect(Object.fromEntries(history)).toEqual({
      mod_a: { revision: "r1", changesets: 2 },
      mod_b: { revision: "r2", changesets: 2 },
      mod_c: { revision: "r2", changesets: 1 },
    });
  });

  it("folded a changeset at a time, answers the same and names the last changeset added", () => {
    const fold = new DirectoryHistoryFold();
    expect(fold.last).toBeUndefined();
    fold.add("r0", ["mod_a/mod_a.lua", "mod_a/README.md", "top-level-file"]);
    fold.add("r1", []);
    fold.add("r2", ["mod_a/x/y.lua", "mod_b/mod_b.lua"]);
    expect(fold.last).toBe("r2");
    expect(Object.fromEntries(fold.directories)).toEqual({ mod_a: { revision: "r2", changesets: 2 }, mod_b: { revision: "r2", changesets: 1 } });
  });
});
