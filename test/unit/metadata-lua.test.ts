import { describe, expect, it } from "vitest";
import { callsFromSyntaxTree } from "../../src/core/metadata/lua-calls-ast.js";
import { callsFromTokens } from "../../src/core/metadata/lua-calls-scan.js";
import { factsFromCalls, isProsodyInternalRequire, parseSourceFacts } from "../../src/core/metadata/lua-source.js";
import { decodeLuaString } from "../../src/core/lua-string.js";
import { tokenize } from "../../src/core/metadata/lua-tokens.js";

const EVERY_FORM = `
  --% requires: s2sout-pre-connect-event
  --% conflicts: mod_other
  local lfs = require "lfs";
  local ssl = require("ssl");
  local st = require'util.stanza';
  local split = require "util.jid".split;
  local ok, ldap = pcall(require, "lualdap");
  module:depends("http");
  module:depends"adhoc"
  module:depends 'muc'
  module:depends [[pep]]
  module:depends("csi", true);
  module:depends(name_from_config);
  local mod = module:depends("mod_" .. kind);
  -- module:depends("commented_out") require "commented"
  local s = "module:depends('in_a_string') require('in_a_string')";
  local t = [[ module:depends("in_long_string") ]]
  --[==[ module:depends("in_long_comment") ]==]
  local y = other.module:depends("not_the_module_global")
  local z = lib:require("not_the_global_require")
`;

const EXPECTED = {
  depends: [
    { name: "http", soft: false },
    { name: "adhoc", soft: false },
    { name: "muc", soft: false },
    { name: "pep", soft: false },
    { name: "csi", soft: true },
  ],
  unknowableDepends: ["name_from_config", '"mod_" .. kind'],
  requires: ["lfs", "lualdap", "ssl", "util.jid", "util.stanza"],
  headers: { requires: "s2sout-pre-connect-event", conflicts: "mod_other" },
};

describe("parseSourceFacts", () => {
  it("finds every form of module:depends and require, ignoring comments and strings", () => {
    expect(parseSourceFacts(EVERY_FORM)).toEqual(EXPECTED);
  });

  it("luaparse and the token scan find the same calls", () => {
    const tree = callsFromSyntaxTree(EVERY_FORM);
    expect(tree).toBeDefined();
    expect(callsFromTokens(EVERY_FORM)).toEqual(tree);
    expect(factsFromCalls(callsFromTokens(EVERY_FORM), EVERY_FORM)).toEqual(EXPECTED);
  });

  it("reads Lua 5.4 local attributes with luaparse after blanking them", () => {
    const code = 'local x <const> = 5\nlocal f <close> = nil\nmodule:depends("http")\nlocal y < const > = require "lfs"\n';
    expect(callsFromSyntaxTree(code)).toEqual(callsFromTokens(code));
    expect(parseSourceFacts(code)).toMatchObject({ depends: [{ name: "http", soft: false }], requires: ["lfs"] });
  });

  it("falls back to the token scan for code luaparse rejects", () => {
    const code = 'module:depends("http")\nlocal broken = = =\nlocal l = require "lfs"\nmodule:depends("csi", true)\n';
    expect(callsFromSyntaxTree(code)).toBeUndefined();
    expect(parseSourceFacts(code)).toEqual({
      depends: [{ name: "http", soft: false }, { name: "csi", soft: true }],
      unknowableDepends: [],
      requires: ["lfs"],
      headers: {},
    });
  });

  it("reads a file that starts with #!", () => {
    expect(parseSourceFacts('#!/usr/bin/env lua\nmodule:depends("http")\n').depends).toEqual([{ name: "http", soft: false }]);
    expect(callsFromTokens('#!/usr/bin/env lua require "x"\nrequire "lfs"').map((call) => call.args)).toEqual([[{ kind: "string", value: "lfs" }]]);
  });

  it("lists a dependency once, and a non-literal soft flag is not soft", () => {
    expect(parseSourceFacts('module:depends("a") module:depends("a") module:depends("b", flag)').depends).toEqual([
      { name: "a", soft: false },
      { name: "b", soft: false },
    ]);
  });

  it("joins a header given twice and keeps the last value otherwise", () => {
    expect(parseSourceFacts("--% requires: a\n--% requires: b\n--%lua: 5.4\r\n").headers).toEqual({ requires: "a, b", lua: "5.4" });
  });

  it("the token scan reads a call around comments, strings and the file's end as a whole-file lexer does", () => {
    const string = (value: string) => ({ kind: "string", value });
    const cases: [string, unknown[]][] = [
      ['module --[[x]] : depends("a")', [{ callee: "depends", args: [string("a")], at: 0 }]],
      ["module\n-- one\n-- two\n-- three\n:depends('far')", [{ callee: "depends", args: [string("far")], at: 0 }]],
      ["module:depends('b') -- c\nrequire 'c'", [{ callee: "depends", args: [string("b")], at: 0 }, { callee: "require", args: [string("c")], at: 25 }]],
      ["#!/usr/bin/env lua\nrequire 'x'", [{ callee: "require", args: [string("x")], at: 19 }]],
      ["x.require('no'); a:require('no'); function require() end; require [[long]]", [{ callee: "require", args: [string("long")], at: 58 }]],
      ["a .. require 'yes'", [{ callee: "require", args: [string("yes")], at: 5 }]],
      ["--[==[ require 'no' ]==] require 'yes'", [{ callee: "require", args: [string("yes")], at: 25 }]],
      ['s = "require \'no\'" require \'yes\'', [{ callee: "require", args: [string("yes")], at: 19 }]],
      ["x = 'unclosed\nrequire 'after'", [{ callee: "require", args: [string("after")], at: 14 }]],
      ["pcall(function() require 'inner' end)", [{ callee: "require", args: [string("inner")], at: 17 }]],
      ["pcall(require, 'y')", [{ callee: "require", args: [string("y")], at: 0 }]],
      ["local x = require(", [{ callee: "require", args: [], at: 10 }]],
      ["module:depends{ 'z'", [{ callee: "depends", args: [{ kind: "other", text: "{ 'z'" }], at: 0 }]],
    ];
    for (const [code, calls] of cases) expect(callsFromTokens(code), code).toEqual(calls);
    // Arguments far longer than the first window lexed around a name.
    const long = `module:depends((function() ${"local a = 1; ".repeat(60)}return "z" end)())\nrequire "after"`;
    const [depends, after] = callsFromTokens(long);
    expect(depends?.args).toEqual([{ kind: "other", text: long.slice("module:depends(".length, long.indexOf("\n") - 1) }]);
    expect(after).toEqual({ callee: "require", args: [string("after")], at: long.indexOf("require") });
  });

  it("never throws on unterminated strings, comments or calls", () => {
    for (const code of ['module:depends("x', "--[[ open", "[==[ open", "module:depends(", "require", "module:depends{", "'\\", "0x1p+", "...."]) {
      expect(() => parseSourceFacts(code)).not.toThrow();
    }
  });
});

describe("isProsodyInternalRequire", () => {
  it.each(["util.stanza", "util", "core.usermanager", "net.http", "prosody.util.jid", "modulemanager"])("%s is Prosody's own", (name) => {
    expect(isProsodyInternalRequire(name)).toBe(true);
  });
  it.each(["lfs", "luaossl", "ssl.https", "socket.unix", "lxp.lom", "utility", "network"])("%s is a library to install", (name) => {
    expect(isProsodyInternalRequire(name)).toBe(false);
  });
});

describe("Lua strings and tokens", () => {
  it.each([
    ['"plain"', "plain"],
    ["'it\\'s'", "it's"],
    ['"a\\tb\\\\c\\"d"', 'a\tb\\c"d'],
    ['"\\65\\x42\\u{43}"', "ABC"],
    ['"a\\z   \n  b"', "ab"],
    ["[[\nlong]]", "long"],
    ["[==[a]]b]==]", "a]]b"],
    ['"grüße 😀 \\xC3\\xA9"', "grüße 😀 é"],
    ['"\\u{1F600}x\\u{41}"', "😀xA"],
    // Text around escapes goes through UTF-8 as Lua's bytes do: a lone surrogate comes out as U+FFFD, with or without an escape.
    ['"a\uD800b"', "a\uFFFDb"],
    ['"a\uD800\\nb"', "a\uFFFD\nb"],
    // A broken \u escape keeps its text instead of looping or throwing.
    ['"\\u{12"', "u{12"],
    ['"\\u{110000}"', "u{110000}"],
  ])("decodes %s", (raw, value) => {
    expect(decodeLuaString(raw)).toBe(value);
  });

  it("tokenizes operators, numbers and strings with their source offsets", () => {
    const tokens = tokenize('x = 1 ..2 .. "s" -- c\ny = 0x1F + 1e-3 ... a::b');
    expect(tokens.map((token) => token.value)).toEqual(["x", "=", "1", "..", "2", "..", "s", "y", "=", "0x1F", "+", "1e-3", "...", "a", "::", "b"]);
    expect(tokens[6]).toEqual({ type: "string", value: "s", start: 13, end: 16 });
  });
});
