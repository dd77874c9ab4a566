import { describe, expect, it } from "vitest";
import { type ConfigEdit, ensureGlobalOption, ensureInList, removeFromList, type ScopeRef } from "../../src/prosody/config/edit.js";
import { findOption, listValues, type ParsedConfigFile, stringValue } from "../../src/prosody/config/model.js";
import { parseConfigText } from "../../src/prosody/config/parse.js";
import { changedRegion, expectInsertion, expectRemoval, fixture } from "../fixtures/configs/fixtures.js";

const GLOBAL: ScopeRef = { kind: "global" };
const host = (name: string): ScopeRef => ({ kind: "VirtualHost", name });
const component = (name: string): ScopeRef => ({ kind: "Component", name });

function parsed(relative: string): ParsedConfigFile {
  const { file, text } = fixture(relative);
  return parseConfigText(text, file);
}

/** The same edit on its own result changes nothing: the edits are idempotent. */
function expectIdempotent(edit: ConfigEdit, again: (file: ParsedConfigFile) => ConfigEdit): ParsedConfigFile {
  expect(edit.changed).toBe(true);
  const reparsed = parseConfigText(edit.after, edit.file);
  const second = again(reparsed);
  expect(second.changed).toBe(false);
  expect(second.after).toBe(edit.after);
  return reparsed;
}

function listIn(file: ParsedConfigFile, name: string, scope: ScopeRef): string[] {
  return listValues(findOption({ files: [file] }, name, scope.kind === "global" ? { kind: "global", name: "*" } : scope)?.assignment.value);
}

describe("Debian's default config", () => {
  const debian = parsed("debian/prosody.cfg.lua");

  it("gets a global option in the global section: after the last global statement, before VirtualHost", () => {
    const edit = ensureGlobalOption(debian, "plugin_server", "https://modules.prosody.im/rocks/");
    const at = expectInsertion(edit.before, edit.after, '\nplugin_server = "https://modules.prosody.im/rocks/"');
    expect(edit.before.slice(0, at).endsWith('certificates = "certs"')).toBe(true);
    expect(at).toBeLessThan(edit.before.indexOf('VirtualHost "localhost"'));
    expect(edit.description).toBe('add plugin_server = "https://modules.prosody.im/rocks/"');
    const again = expectIdempotent(edit, (file) => ensureGlobalOption(file, "plugin_server", "https://modules.prosody.im/rocks/"));
    expect(stringValue(findOption({ files: [again] }, "plugin_server")?.assignment.value)).toBe("https://modules.prosody.im/rocks/");
  });

  it("changes only the value of an option that is there", () => {
    const first = parseConfigText(ensureGlobalOption(debian, "plugin_server", "https://a/").after, debian.file);
    const edit = ensureGlobalOption(first, "plugin_server", "https://b/");
    expect(changedRegion(edit.before, edit.after)).toMatchObject({ removed: "a", inserted: "b" });
    expect(edit.description).toBe('set plugin_server = "https://b/"');
  });

  it("adds to the multi-line modules_enabled on a line of its own, after the last entry, keeping every comment", () => {
    const edit = ensureInList(debian, "modules_enabled", "pastebin", GLOBAL);
    const at = expectInsertion(edit.before, edit.after, '\n\t\t"pastebin";');
    expect(edit.before.slice(0, at).endsWith('"posix"; -- POSIX functionality, sends server to background, enables syslog, etc.')).toBe(true);
    const again = expectIdempotent(edit, (file) => ensureInList(file, "modules_enabled", "pastebin", GLOBAL));
    expect(listIn(again, "modules_enabled", GLOBAL).slice(-2)).toEqual(["posix", "pastebin"]);
  });

  it("adds to modules_disabled, which holds only comments, before its closing brace", () => {
    const edit = ensureInList(debian, "modules_disabled", "offline", GLOBAL);
    expectInsertion(edit.before, edit.after, '\t"offline";\n');
    expect(edit.after).toContain('\t-- "s2s"; -- Handle server-to-server connections\n\t"offline";\n}');
    expectIdempotent(edit, (file) => ensureInList(file, "modules_disabled", "offline", GLOBAL));
  });

  it("appends to the one-line plugin_paths with `,`: the file's `;` belongs to its lists written down the page", () => {
    const edit = ensureInList(debian, "plugin_paths", "/var/lib/prosody-manager/modules", GLOBAL);
    expectInsertion(edit.before, edit.after, ', "/var/lib/prosody-manager/modules"');
    expectIdempotent(edit, (file) => ensureInList(file, "plugin_paths", "/var/lib/prosody-manager/modules", GLOBAL));
  });

  it("fills the empty `admins = { }`", () => {
    const edit = ensureInList(debian, "admins", "admin@localhost", GLOBAL);
    expect(changedRegion(edit.before, edit.after)).toMatchObject({ removed: "", inserted: '"admin@localhost" ' });
    expect(edit.after).toContain('admins = { "admin@localhost" }');
  });

  it("creates modules_enabled under VirtualHost \"localhost\", tab-indented like the file", () => {
    const edit = ensureInList(debian, "modules_enabled", "pastebin", host("localhost"));
    const at = expectInsertion(edit.before, edit.after, '\n\tmodules_enabled = { "pastebin" }');
    expect(edit.before.slice(0, at).endsWith('VirtualHost "localhost"')).toBe(true);
    const again = expectIdempotent(edit, (file) => ensureInList(file, "modules_enabled", "pastebin", host("localhost")));
    expect(listIn(again, "modules_enabled", host("localhost"))).toEqual(["pastebin"]);
    expect(listIn(again, "modules_enabled", GLOBAL)).toContain("posix");
  });

  it("removes an entry with its comment line, and only that line", () => {
    const edit = removeFromList(debian, "modules_enabled", "posix", GLOBAL);
    expectRemoval(edit.before, edit.after, '\t\t"posix"; -- POSIX functionality, sends server to background, enables syslog, etc.\n');
    expectIdempotent(edit, (file) => removeFromList(file, "modules_enabled", "posix", GLOBAL));
    expect(removeFromList(debian, "modules_enabled", "mam", GLOBAL)).toMatchObject({ changed: false, description: '"mam" is not in modules_enabled globally' });
  });

  it("edits the conf.d host file, whose only statement is the VirtualHost", () => {
    const local = parsed("debian/conf.avail/localhost.cfg.lua");
    const edit = ensureInList(local, "modules_enabled", "pastebin", host("localhost"));
    expect(edit.after).toBe(edit.before.replace('VirtualHost "localhost"\n', 'VirtualHost "localhost"\n\tmodules_enabled = { "pastebin" }\n'));
    // A global option above the section and the comment that introduces it.
    const global = ensureGlobalOption(local, "plugin_server", "s");
    expect(global.after).toBe('-- Section for localhost\n\nplugin_server = "s"\n\n-- This allows clients to connect to localhost. No harm in it.\nVirtualHost "localhost"\n\n');
  });
});

describe("several hosts, both separator styles, comments inside lists", () => {
  const multi = parsed("multi/prosody.cfg.lua");

  it("adds after a last entry that has no separator: the separator goes after it, the new entry stays without", () => {
    const edit = ensureInList(multi, "modules_enabled", "pastebin", GLOBAL);
    expect(edit.after).toBe(edit.before.replace('\t"ping" -- no trailing separator here\n', '\t"ping"; -- no trailing separator here\n\t"pastebin"\n'));
    expect(edit.after).toContain('\t-- "commented"; stays a comment\n');
    expectIdempotent(edit, (file) => ensureInList(file, "modules_enabled", "pastebin", GLOBAL));
  });

  it("keeps `,` and a trailing separator in a Component's list", () => {
    const edit = ensureInList(multi, "modules_enabled", "muc_moderation", component("rooms.a.example"));
    const at = expectInsertion(edit.before, edit.after, '\n\t\t"muc_moderation",');
    expect(edit.before.slice(0, at).endsWith('"vcard_muc", -- avatars')).toBe(true);
    expectIdempotent(edit, (file) => ensureInList(file, "modules_enabled", "muc_moderation", component("rooms.a.example")));
  });

  it("appends to a one-line list in its own style", () => {
    const edit = ensureInList(multi, "modules_enabled", "pastebin", host("a.example"));
    expectInsertion(edit.before, edit.after, ', "pastebin"');
    expect(edit.after).toContain('\tmodules_enabled = { "mam", "bookmarks", "pastebin" }\n');
  });

  it("creates the list under a header that has a comment, under the call form, and under an external Component", () => {
    const b = ensureInList(multi, "modules_enabled", "pastebin", host("b.example"));
    expect(b.after).toContain('VirtualHost "b.example" -- no options of its own\n\tmodules_enabled = { "pastebin" }\nVirtualHost("c.example")');
    expectInsertion(b.before, b.after, '\n\tmodules_enabled = { "pastebin" }');
    const c = ensureInList(multi, "modules_enabled", "pastebin", host("c.example"));
    expect(c.after).toContain('VirtualHost("c.example")\n\tmodules_enabled = { "pastebin" }\n\tenabled = true');
    const gw = ensureInList(multi, "modules_enabled", "ping", component("gw.a.example"));
    expect(gw.after).toContain('Component "gw.a.example"\n\tmodules_enabled = { "ping" }\n\tcomponent_secret');
    for (const [edit, ref, value] of [[b, host("b.example"), "pastebin"], [c, host("c.example"), "pastebin"], [gw, component("gw.a.example"), "ping"]] as const) {
      const again = expectIdempotent(edit, (file) => ensureInList(file, "modules_enabled", value, ref));
      expect(listIn(again, "modules_enabled", ref)).toEqual([value]);
    }
  });

  it("adds to modules_disabled holding only a comment, in the file's separator style", () => {
    const edit = ensureInList(multi, "modules_disabled", "offline", GLOBAL);
    expectInsertion(edit.before, edit.after, '\t"offline"\n');
  });

  it("inserts global options before the first VirtualHost, after the lists that end the global section", () => {
    const edit = ensureGlobalOption(multi, "plugin_server", "https://modules.prosody.im/rocks/");
    const at = expectInsertion(edit.before, edit.after, '\nplugin_server = "https://modules.prosody.im/rocks/"');
    expect(edit.before.slice(0, at).endsWith('modules_disabled = {\n\t-- "offline";\n}')).toBe(true);
  });

  it("removes from a one-line list: a first entry with its separator, a last one with the separator before it", () => {
    const first = removeFromList(multi, "modules_enabled", "mam", host("a.example"));
    expectRemoval(first.before, first.after, '"mam", ');
    const last = removeFromList(multi, "modules_enabled", "bookmarks", host("a.example"));
    expectRemoval(last.before, last.after, ', "bookmarks"');
    // A host's `modules_enabled = { "x" }`, its only one, is what enable adds: removing x takes the whole line.
    const both = removeFromList(parseConfigText(last.after, multi.file), "modules_enabled", "mam", host("a.example"));
    expectRemoval(both.before, both.after, '\tmodules_enabled = { "mam" }\n');
    expectIdempotent(both, (file) => removeFromList(file, "modules_enabled", "mam", host("a.example")));
  });

  it("removes a multi-line entry's line with its comment", () => {
    const edit = removeFromList(multi, "modules_enabled", "vcard_muc", component("rooms.a.example"));
    expectRemoval(edit.before, edit.after, '\t\t"vcard_muc", -- avatars\n');
    const ping = removeFromList(multi, "modules_enabled", "ping", GLOBAL);
    expectRemoval(ping.before, ping.after, '\t"ping" -- no trailing separator here\n');
  });

  it("refuses what it cannot edit safely", () => {
    expect(() => ensureInList(multi, "modules_enabled", "x", host("nope.example"))).toThrow('no VirtualHost "nope.example"');
    expect(() => ensureInList(multi, "pidfile", "x", GLOBAL)).toThrow(/pidfile globally is set at \S+multi\/prosody\.cfg\.lua:6 .*it is a string, not a list of strings/);
    expect(() => ensureInList(multi, "data_path", "x", GLOBAL)).toThrow(/data_path globally is set at \S+:5 .*it is built by concatenation/);
  });

  it("matches host names without regard to case, as Prosody does", () => {
    expect(ensureInList(multi, "modules_enabled", "mam", host("A.Example")).changed).toBe(false);
  });
});

describe("layouts that trip naive editors", () => {
  it("a global statement with `;` and a trailing comment keeps both on its line", () => {
    const compact = parsed("compact.cfg.lua");
    const edit = ensureGlobalOption(compact, "plugin_server", "s");
    expect(edit.after).toContain('certificates = "certs"; -- a comment the new line must not steal\nplugin_server = "s"\nVirtualHost "compact.example"');
    expectInsertion(edit.before, edit.after, '\nplugin_server = "s"');
  });

  it("a list without spaces gets an entry without spaces; removal takes the separator before a last entry", () => {
    const compact = parsed("compact.cfg.lua");
    expectInsertion(compact.text, ensureInList(compact, "modules_enabled", "x", GLOBAL).after, ',"x"');
    expectRemoval(compact.text, removeFromList(compact, "modules_enabled", "ping", GLOBAL).after, ',"ping"');
  });

  it("a section at the end of a file copies the indentation of the other sections", () => {
    const compact = parsed("compact.cfg.lua");
    const edit = ensureInList(compact, "modules_enabled", "x", host("other.example"));
    expect(edit.after).toBe(`${compact.text}  modules_enabled = { "x" }\n`);
    expectInsertion(edit.before, edit.after, '\n  modules_enabled = { "x" }');
  });

  it("`VirtualHost \"x\" { ... }`: adds inside the table's list, and a new option as the table's last field", () => {
    const table = parsed("table-form.cfg.lua");
    const edit = ensureInList(table, "modules_enabled", "x", host("t.example"));
    expectInsertion(edit.before, edit.after, ', "x"');
    const added = ensureInList(table, "modules_disabled", "x", host("t.example"));
    expectInsertion(added.before, added.after, '\n\tmodules_disabled = { "x" };');
    expect(added.after).toContain('\tauthentication = "internal_hashed";\n\tmodules_disabled = { "x" };\n}');
    expectInsertion(table.text, ensureGlobalOption(table, "plugin_server", "s").after, '\nplugin_server = "s"');
  });

  it("an empty file gets the option and a line break, nothing else", () => {
    const empty = parsed("empty.cfg.lua");
    expect(ensureGlobalOption(empty, "plugin_server", "s").after).toBe('plugin_server = "s"\n');
    const list = ensureInList(empty, "plugin_paths", "/m", GLOBAL);
    expect(list.after).toBe('plugin_paths = { "/m" }\n');
    expectIdempotent(list, (file) => ensureInList(file, "plugin_paths", "/m", GLOBAL));
    expect(() => ensureInList(empty, "modules_enabled", "x", host("h"))).toThrow('no VirtualHost "h"');
  });

  it("a file of comments without a final line break", () => {
    expect(ensureGlobalOption(parseConfigText("-- nothing yet", "c"), "plugin_server", "s").after).toBe('-- nothing yet\nplugin_server = "s"\n');
  });

  it("a long comment after the last global statement is stepped over, not split", () => {
    const text = 'admins = { } --[[ a long\ncomment ]] -- and more\nVirtualHost "h"\n';
    const edit = ensureGlobalOption(parseConfigText(text, "l"), "plugin_server", "s");
    expect(edit.after).toBe('admins = { } --[[ a long\ncomment ]] -- and more\nplugin_server = "s"\nVirtualHost "h"\n');
  });

  it("CRLF files stay CRLF", () => {
    const text = 'modules_enabled = {\r\n\t"ping";\r\n}\r\nVirtualHost "h"\r\n';
    const file = parseConfigText(text, "crlf");
    expect(ensureGlobalOption(file, "plugin_server", "s").after).toBe('modules_enabled = {\r\n\t"ping";\r\n}\r\nplugin_server = "s"\r\nVirtualHost "h"\r\n');
    expect(ensureInList(file, "modules_enabled", "x", GLOBAL).after).toBe('modules_enabled = {\r\n\t"ping";\r\n\t"x";\r\n}\r\nVirtualHost "h"\r\n');
    expect(removeFromList(file, "modules_enabled", "ping", GLOBAL).after).toBe('modules_enabled = {\r\n}\r\nVirtualHost "h"\r\n');
  });

  it("non-ASCII text around the edit is left byte for byte", () => {
    const text = '-- Grüße, 日本語\nadmins = { "ä@ö.example" } -- ü\nVirtualHost "h"\n';
    const edit = ensureInList(parseConfigText(text, "u"), "admins", "b@x", GLOBAL);
    expect(Buffer.from(edit.after)).toEqual(Buffer.from(text.replace('"ä@ö.example" }', '"ä@ö.example", "b@x" }')));
  });

  it("values are written as Lua string literals, escaped", () => {
    const edit = ensureGlobalOption(parseConfigText("", "e"), "plugin_server", 'a"b\\c');
    expect(edit.after).toBe('plugin_server = "a\\"b\\\\c"\n');
    expect(stringValue(findOption({ files: [parseConfigText(edit.after, "e")] }, "plugin_server")?.assignment.value)).toBe('a"b\\c');
  });

  it("several occurrences are all removed without the splices cutting into each other", () => {
    const edit = removeFromList(parseConfigText('x = { "a", "a" }\n', "d"), "x", "a", GLOBAL);
    expect(parseConfigText(edit.after, "d").assignments[0]?.value).toMatchObject({ kind: "list", items: [] });
  });
});
