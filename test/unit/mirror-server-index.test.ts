import { describe, expect, it } from "vitest";
import { isRockFileName } from "../../src/sources/rocks/server-dir.js";
import { installableOffline, parseServerRocks, rockFiles, rockspecModuleDependencies, type ServerRock } from "../../src/sources/rocks/server-index.js";

const MANIFEST = `
commands = {}
modules = {}
repository = {
   mod_pastebin = {
      ["2-1"] = { { arch = "rockspec" }, { arch = "src" } },
      ["10-1"] = { { arch = "src" }, { arch = "rockspec" } },
   },
   mod_binary = { ["1-1"] = { { arch = "linux-x86_64" } } },
   mod_pure = { ["1-1"] = { { arch = "all" }, { arch = "rockspec" } } },
   ["../../etc/passwd"] = { ["1-1"] = { { arch = "src" } } },
   luasocket = { ["3.0-1"] = { { arch = "src" } } },
   mod_evil = { ["1-1/../../x"] = { { arch = "src" } }, ["--help"] = { { arch = "src" } } },
}
`;

describe("a rocks server's manifest, read for mirroring", () => {
  it("lists every version with its arches; names and versions that could leave the directory are left out", async () => {
    const { rocks, skipped } = await parseServerRocks(MANIFEST, "test");
    expect(rocks.map((rock) => `${rock.name} ${rock.version} ${rock.arches.join(",")}`)).toEqual([
      "mod_binary 1-1 linux-x86_64",
      "mod_pastebin 2-1 rockspec,src",
      "mod_pastebin 10-1 rockspec,src",
      "mod_pure 1-1 all,rockspec",
    ]);
    expect(skipped).toEqual(["../../etc/passwd", "luasocket", "mod_evil 1-1/../../x", "mod_evil --help"]);
  });

  it("mirrors the files that install offline; a binary-only rock does not", async () => {
    const { rocks } = await parseServerRocks(MANIFEST, "test");
    const byName = (name: string): ServerRock => {
      const found = rocks.filter((rock) => rock.name === name).pop();
      if (!found) throw new Error(`${name} not parsed`);
      return found;
    };
    expect(rockFiles(byName("mod_pastebin"))).toEqual(["mod_pastebin-10-1.rockspec", "mod_pastebin-10-1.src.rock"]);
    expect(rockFiles(byName("mod_pure"))).toEqual(["mod_pure-1-1.rockspec", "mod_pure-1-1.all.rock"]);
    expect(installableOffline(byName("mod_binary"))).toBe(false);
    expect(installableOffline(byName("mod_pure"))).toBe(true);
  });

  it("a rock file name is checked again before it becomes a URL or a path", () => {
    expect(isRockFileName("mod_pastebin-3-1.src.rock")).toBe(true);
    expect(isRockFileName("mod_pastebin-3-1.rockspec")).toBe(true);
    for (const bad of ["../mod_x-1-1.src.rock", "mod_x-1-1.src.rock/..", "mod_x-1-1.linux-x86_64.rock", "manifest", "-mod_x-1-1.rockspec", "mod_X-1-1.rockspec"]) {
      expect(isRockFileName(bad), bad).toBe(false);
    }
  });
});

describe("a rockspec's dependencies", () => {
  it("names the module rocks it needs, with or without constraints; lua and libraries are left out", async () => {
    const rockspec = 'package = "mod_x"\nversion = "1-1"\ndependencies = {\n   "lua >= 5.1",\n   "mod_sasl2",\n   "mod_b >= 2-1",\n   "luasocket",\n   "../mod_evil",\n}\n';
    expect(await rockspecModuleDependencies(rockspec, "test")).toEqual(["mod_b", "mod_sasl2"]);
    expect(await rockspecModuleDependencies('package = "mod_x"\n', "test")).toEqual([]);
  });
});
