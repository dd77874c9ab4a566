// Which copy of a module Prosody loads, and what installing another copy does to it: the installer tree first, then
// plugin_paths in order, then the built-in directory (Prosody 0.12's util/startup.lua and pluginloader).
import { describe, expect, it } from "vitest";
import { collectCopies, copyRole, loaderCandidates, type ModuleCopy, type SearchDir, shadowingNotes } from "../../src/core/model/copies.js";
import type { ModuleName } from "../../src/core/types.js";

const name = "mod_pastebin" as ModuleName;
const searchPath: SearchDir[] = [
  { dir: "/tree", kind: "installer" },
  { dir: "/hand", kind: "plugin_paths" },
  { dir: "/community", kind: "plugin_paths" },
  { dir: "/builtin", kind: "builtin" },
];

function copy(dir: string, overrides: Partial<ModuleCopy> = {}): ModuleCopy {
  const source = dir === "/tree" ? "rocks" : dir === "/builtin" ? "builtin" : "community";
  return { source, dir, path: `${dir}/${name}`, file: `${dir}/${name}/${name}.lua`, version: undefined, status: source === "builtin" ? "builtin" : "unmanaged", pinned: false, reason: undefined, ...overrides };
}

describe("collectCopies", () => {
  it("orders copies as Prosody searches and loads the first one with a file", () => {
    const copies = collectCopies(name, [copy("/builtin"), copy("/community", { status: "ok", version: "abc" }), copy("/hand")], searchPath);
    expect(copies.copies.map((item) => item.dir)).toEqual(["/hand", "/community", "/builtin"]);
    expect(copies.loaded?.dir).toBe("/hand");
    expect(copies.copies.map((item) => copyRole(copies, item))).toEqual(["loaded", "shadowed", "shadowed"]);
  });

  it("a rock in the installer tree loads before every plugin path", () => {
    const copies = collectCopies(name, [copy("/community"), copy("/tree", { version: "2-1" })], searchPath);
    expect(copies.loaded?.source).toBe("rocks");
  });

  it("a recorded copy whose files are gone is listed but never loaded", () => {
    const copies = collectCopies(name, [copy("/community", { status: "missing", file: undefined }), copy("/builtin")], searchPath);
    expect(copies.loaded?.source).toBe("builtin");
    expect(copyRole(copies, copies.copies[0] as ModuleCopy)).toBe("absent");
  });

  it("no copy: nothing loads", () => {
    expect(collectCopies(name, [], searchPath).loaded).toBeUndefined();
  });
});

describe("shadowingNotes", () => {
  const community = searchPath[2] as SearchDir;
  const tree = searchPath[0] as SearchDir;

  it("a community copy over a built-in module says it shadows the built-in one", () => {
    const notes = shadowingNotes(collectCopies(name, [copy("/builtin")], searchPath), community, "community", searchPath);
    expect(notes).toEqual(["mod_pastebin: the community copy will shadow the built-in module; Prosody loads the new copy"]);
  });

  it("a rock over community and hand-made copies names each one it shadows", () => {
    const notes = shadowingNotes(collectCopies(name, [copy("/community", { status: "ok" }), copy("/hand")], searchPath), tree, "rocks", searchPath);
    expect(notes).toEqual(["mod_pastebin: the rock will shadow the hand-installed copy in /hand and the community copy in /community; Prosody loads the new copy"]);
  });

  it("a community copy under a rock is said not to load", () => {
    const notes = shadowingNotes(collectCopies(name, [copy("/tree", { version: "2-1" })], searchPath), community, "community", searchPath);
    expect(notes).toEqual(["mod_pastebin: Prosody loads the rock 2-1 in /tree first; the community copy being installed will not be loaded while that is there"]);
  });

  it("replacing the copy in the same directory, or a copy without files elsewhere, says nothing", () => {
    expect(shadowingNotes(collectCopies(name, [copy("/community", { status: "ok" })], searchPath), community, "community", searchPath)).toEqual([]);
    expect(shadowingNotes(collectCopies(name, [copy("/hand", { file: undefined })], searchPath), community, "community", searchPath)).toEqual([]);
  });
});

describe("loaderCandidates", () => {
  it("follows Prosody's loader: nested layout first, the rocks tree's Lua path last, no init.lua", () => {
    expect(loaderCandidates("mod_muc" as ModuleName, "5.4")).toEqual([
      "mod_muc/muc/mod_muc.lua",
      "mod_muc/mod_muc.lua",
      "muc/mod_muc.lua",
      "mod_muc.lua",
      "share/lua/5.4/mod_muc.lua",
      "share/lua/5.4/mod_muc/mod_muc.lua",
    ]);
  });
});
