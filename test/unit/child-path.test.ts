import path from "node:path";
import { describe, expect, it } from "vitest";
import { joinerUnder } from "../../src/core/child-path.js";

describe("joinerUnder", () => {
  it("joins as path.join does, for any directory and plain relative segments", () => {
    const dirs = ["", ".", "./", "/", "//", "a", "a/", "a//b/", "./a", "../a", "..", "a/..", "a/../", "a/../..", "/usr/lib/prosody/modules", "/usr/./lib/../lib/", "dir with space"];
    const relatives = ["x", "mod_x.lua", "mod_x/mod_x.lua", "share/lua/5.4/mod_x.lua"];
    for (const dir of dirs) {
      const under = joinerUnder(dir);
      for (const relative of relatives) expect(under(relative), `${dir} + ${relative}`).toBe(path.join(dir, relative));
    }
  });
});
