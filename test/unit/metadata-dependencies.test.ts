import { describe, expect, it } from "vitest";
import { classifyDependencies } from "../../src/core/metadata/dependencies.js";
import type { ModuleName, SourceFacts } from "../../src/core/types.js";

const builtin = new Set(["mod_http", "mod_muc", "mod_csi", "mod_invites"]);
const community = new Set(["mod_sasl2", "mod_http", "mod_track_muc_joins", "mod_register_apps", "mod_sasl2_fast"]);
const isBuiltin = (name: ModuleName): boolean => builtin.has(name);
const isCommunity = (name: ModuleName): boolean => community.has(name);

const facts = (partial: Partial<SourceFacts>): SourceFacts => ({ depends: [], unknowableDepends: [], requires: [], headers: {}, ...partial });

describe("classifyDependencies", () => {
  it("splits built-in, community and unknown; built-in wins over community", () => {
    const deps = classifyDependencies(
      facts({ depends: [{ name: "http", soft: false }, { name: "sasl2", soft: false }, { name: "nowhere", soft: false }] }),
      isBuiltin,
      isCommunity,
      [],
    );
    expect(deps).toEqual({ builtin: ["mod_http"], community: ["mod_sasl2"], unknown: ["mod_nowhere"], soft: [], unknowable: [], luaRequires: [] });
  });

  it("merges rockspec dependencies, with or without version constraints, and deduplicates", () => {
    const deps = classifyDependencies(
      facts({ depends: [{ name: "sasl2", soft: false }, { name: "mod_sasl2", soft: false }] }),
      isBuiltin,
      isCommunity,
      ["mod_sasl2 >= 1", "mod_register_apps", "mod_track_muc_joins~>2", "mod_gone"],
    );
    expect(deps).toMatchObject({ community: ["mod_register_apps", "mod_sasl2", "mod_track_muc_joins"], unknown: ["mod_gone"] });
  });

  it("reports rockspec dependencies that are Lua rocks with the required libraries", () => {
    const deps = classifyDependencies(facts({ requires: ["luaunbound"] }), isBuiltin, isCommunity, ["luaunbound >= 0.5", "lua-cjson", "lua >= 5.2"]);
    expect(deps.luaRequires).toEqual(["lua-cjson", "luaunbound"]);
    expect(deps.community).toEqual([]);
  });

  it("lists soft dependencies only as soft, unless something needs them hard", () => {
    const deps = classifyDependencies(
      facts({ depends: [{ name: "csi", soft: true }, { name: "track_muc_joins", soft: true }, { name: "track_muc_joins", soft: false }] }),
      isBuiltin,
      isCommunity,
      [],
    );
    expect(deps).toMatchObject({ builtin: [], community: ["mod_track_muc_joins"], soft: ["mod_csi"] });
  });

  it("keeps unknowable calls as written, and a literal that is no module name as a quoted literal", () => {
    const deps = classifyDependencies(
      facts({ depends: [{ name: "bad name", soft: false }], unknowableDepends: ["name", "\"mod_\" .. kind", "name"] }),
      isBuiltin,
      isCommunity,
      ["mod_bad-name"],
    );
    expect(deps.unknowable).toEqual(['"bad name"', '"mod_" .. kind', '"mod_bad-name"', "name"]);
    expect(deps.unknown).toEqual([]);
  });

  it("filters Prosody's own libraries out of the Lua requirements, sorted and deduplicated", () => {
    const deps = classifyDependencies(facts({ requires: ["util.jid", "lfs", "core.usermanager", "net.http", "prosody.util.id", "socket.unix", "lfs"] }), isBuiltin, isCommunity, []);
    expect(deps.luaRequires).toEqual(["lfs", "socket.unix"]);
  });

  it("a module never depends on itself", () => {
    const self = "mod_sasl2_fast" as ModuleName;
    const deps = classifyDependencies(
      facts({ depends: [{ name: "sasl2_fast", soft: false }, { name: "sasl2_fast", soft: true }, { name: "sasl2", soft: false }] }),
      isBuiltin,
      isCommunity,
      ["mod_sasl2_fast"],
      self,
    );
    expect(deps).toMatchObject({ community: ["mod_sasl2"], soft: [] });
  });
});
