import { describe, expect, it } from "vitest";
import { directoryHistory } from "../../src/core/history.js";

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
});
