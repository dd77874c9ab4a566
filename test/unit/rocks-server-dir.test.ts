import path from "node:path";
import { describe, expect, it } from "vitest";
import { localServerDir } from "../../src/app/rocks-tree.js";

// Which rocks servers are directories the prosody user must be able to read before LuaRocks runs as it.
describe("a rocks server that is a local directory", () => {
  it("is a path, absolute or relative, or a file: URL", () => {
    expect(localServerDir("/srv/rocks")).toBe("/srv/rocks");
    expect(localServerDir("file:///srv/my%20rocks/")).toBe("/srv/my rocks/");
    expect(localServerDir("mirror/rocks")).toBe(path.resolve("mirror/rocks"));
  });

  it("is not one reached over the network", () => {
    expect(localServerDir("https://modules.prosody.im/rocks/")).toBeUndefined();
    expect(localServerDir("http://127.0.0.1:8080/")).toBeUndefined();
    expect(localServerDir("HTTPS://example.org/rocks")).toBeUndefined();
  });
});
