import { describe, expect, it } from "vitest";
import { classifyDependencies } from "../../src/core/metadata/dependencies.js";
import { parseSourceFacts } from "../../src/core/metadata/lua-source.js";
import type { ModuleName } from "../../src/core/types.js";

describe("parseSourceFacts", () => {
  it("finds every form of module:depends and require", () => {
    const facts = parseSourceFacts(`
      --% requires: s2sout-pre-connect-event
      --% conflicts: mod_other
      local lfs = require "lfs";
      local ssl = require("ssl");
      local st = require"util.stanza";
      module:depends("http");
      module:depends"adhoc"
      module:depends 'muc'
      module:depends("csi", true);
      module:depends(name_from_config);
      -- module:depends("commented_out")
      local s = "module:depends('in_a_string')";
      local t = [[ module:depends("in_long_string") ]]
      --[[ module:depends("in_long_comment") ]]
      local x <const> = 5
    `);
    expect(facts.depends).toEqual([
      { name: "http", soft: false },
      { name: "adhoc", soft: false },
      { name: "muc", soft: false },
      { name: "csi", soft: true },
    ]);
    expect(facts.unknowableDepends).toEqual(["name_from_config"]);
    expect(facts.requires).toEqual(["lfs", "ssl", "util.stanza"]);
    expect(facts.headers).toEqual({ requires: "s2sout-pre-connect-event", conflicts: "mod_other" });
  });
});

describe("classifyDependencies", () => {
  const builtin = new Set(["mod_http", "mod_muc"]);
  const community = new Set(["mod_sasl2", "mod_http"]);
  it("splits built-in, community and unknown; built-in wins; rockspec dependencies count", () => {
    const deps = classifyDependencies(
      { depends: [{ name: "http", soft: false }, { name: "nowhere", soft: false }, { name: "csi", soft: true }], unknowableDepends: ["x"], requires: ["lfs", "util.jid"], headers: {} },
      (name: ModuleName) => builtin.has(name),
      (name: ModuleName) => community.has(name),
      ["mod_sasl2 >= 1"],
    );
    expect(deps).toEqual({ builtin: ["mod_http"], community: ["mod_sasl2"], unknown: ["mod_nowhere"], soft: ["mod_csi"], unknowable: ["x"], luaRequires: ["lfs"] });
  });
});
